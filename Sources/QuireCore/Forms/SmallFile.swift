import Foundation

/// Reads a small file whole with plain system calls: a results table reads one file a row, and
/// `FileManager` costs several times the read itself on Linux.
enum SmallFile {
    /// The file's bytes, or nil when it cannot be opened or read, or is a link or not a file.
    static func contents(atPath path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var data = Data(count: Int(status.st_size))
        var offset = 0
        while offset < data.count {
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? data.prefix(offset) : nil }
            offset += count
        }
        return data
    }
}
