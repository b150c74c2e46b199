import NIOCore
import NIOPosix

/// Collects the data of one message part as it streams in: in memory up to the inline limit,
/// otherwise straight into a blob file, so no upload is ever held whole in memory.
///
/// A sink neither finished nor discarded removes its file when released, so a link dropped in the
/// middle of an upload leaves nothing behind.
final class DataSink {
    let length: Int64
    private let blobs: BlobStore
    private var buffer: [UInt8] = []
    private var writer: BlobWriter?

    private let isInline: Bool

    init(length: Int64, inlineLimit: Int, blobs: BlobStore) {
        self.length = length
        self.blobs = blobs
        isInline = length <= Int64(inlineLimit)
        if isInline { buffer.reserveCapacity(Int(length)) }
    }

    func append(_ chunk: ByteBuffer) async throws {
        if isInline {
            buffer.append(contentsOf: chunk.readableBytesView)
            return
        }
        let writer: BlobWriter
        if let existing = self.writer {
            writer = existing
        } else {
            let blobs = blobs
            writer = try await NIOThreadPool.singleton.runIfActive { try blobs.makeWriter() }
            self.writer = writer
        }
        try await NIOThreadPool.singleton.runIfActive {
            try chunk.withUnsafeReadableBytes { try writer.append($0) }
        }
    }

    /// The complete data, durable if it went to a blob.
    func finish() async throws -> MessageData {
        if isInline { return length == 0 ? .none : .inline(buffer) }
        guard let writer else { return .none }
        self.writer = nil
        let blob = try await NIOThreadPool.singleton.runIfActive { try writer.finish() }
        return .blob(blob)
    }

    /// Drops what was received.
    func discard() {
        buffer = []
        writer?.discard()
        writer = nil
    }
}
