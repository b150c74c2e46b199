import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams one message's data to a temporary file, then publishes it as a durable blob.
///
/// Calls block on disk I/O, so run them off the event loop (a thread pool). The writer may move
/// between threads, but calls must not overlap; the lock only keeps a misuse from corrupting state.
public final class BlobWriter: @unchecked Sendable {
    private let store: BlobStore
    public let id: BlobID
    private let temporaryPath: String
    private let lock = NSLock()
    private var descriptor: Int32
    private var written = 0

    init(store: BlobStore, id: BlobID) throws {
        self.store = store
        self.id = id
        self.temporaryPath = store.temporaryPath(of: id)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystem.fail("open", temporaryPath) }
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            try? FileSystem.remove(temporaryPath)
        }
    }

    /// Bytes appended so far.
    public var count: Int {
        lock.withLock { written }
    }

    /// Appends a chunk as it arrives from the socket.
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        try lock.withLock {
            guard descriptor >= 0 else { throw BlobWriterError.closed }
            try FileSystem.writeAll(descriptor, bytes, path: temporaryPath)
            written += bytes.count
        }
    }

    /// Appends a chunk held in an array.
    public func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Makes the data durable (fsync), moves it into the blob directory, and fsyncs that directory,
    /// so the returned blob survives a crash as soon as a committed message references it.
    public func finish() throws -> BlobID {
        try lock.withLock {
            guard descriptor >= 0 else { throw BlobWriterError.closed }
            defer {
                close(descriptor)
                descriptor = -1
            }
            do {
                guard fsync(descriptor) == 0 else { throw FileSystem.fail("fsync", temporaryPath) }
                try FileSystem.rename(temporaryPath, store.path(of: id))
                try FileSystem.syncDirectory(store.dataDirectory)
            } catch {
                try? FileSystem.remove(temporaryPath)
                throw error
            }
            return id
        }
    }

    /// Abandons the upload (the link dropped mid-post) and removes the temporary file.
    public func discard() {
        lock.withLock {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            try? FileSystem.remove(temporaryPath)
        }
    }
}

/// Misuse of a ``BlobWriter`` after `finish()` or `discard()`.
public enum BlobWriterError: Error, Hashable, Sendable {
    case closed
}
