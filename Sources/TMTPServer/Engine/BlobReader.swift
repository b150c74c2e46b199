import Foundation
import NIOPosix

/// Reads a message's data file in chunks on NIO's blocking-I/O thread pool, so a delivery of any
/// size costs one chunk of memory and never blocks an event loop or the cooperative pool.
final class BlobReader: Sendable {
    static let chunkSize = 64 << 10

    /// The file ended before the length recorded for its message.
    struct Truncated: Error {
        var path: String
    }

    let path: String
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// The next bytes, at most `count`; empty at the end of the file.
    func read(upTo count: Int) async throws -> [UInt8] {
        let handle = handle
        return try await NIOThreadPool.singleton.runIfActive {
            [UInt8](try handle.read(upToCount: count) ?? Data())
        }
    }
}
