import Foundation

/// Reading a certificate or key file for ``ServerTLSContext``.
enum PEMFile {
    /// A file's bytes, with the system's reason when it cannot be read. A PEM file of megabytes is no
    /// certificate, so reading stops there rather than take in whatever the path names (say `/dev/zero`).
    static func contents(of path: String) throws -> [UInt8] {
        let limit = 1 << 20
        do {
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? file.close() }
            let bytes = try file.read(upToCount: limit + 1) ?? Data()
            guard bytes.count <= limit else {
                throw ServerTLSError.unreadableFile(path: path, reason: "larger than 1 MiB")
            }
            return Array(bytes)
        } catch let error as ServerTLSError {
            throw error
        } catch {
            throw ServerTLSError.unreadableFile(path: path, reason: error.localizedDescription)
        }
    }
}
