import NIOCore
import TMTP

/// The messages arriving on a client link, each with its data gathered.
///
/// Data is gathered in memory up to `maxData` bytes per message; a larger message ends the sequence with
/// ``ReceivedMessagesError/dataTooLarge(_:limit:)`` unless the caller reads it with ``nextFrame()`` and streams it.
public struct ReceivedMessages: AsyncSequence, AsyncIteratorProtocol {
    public typealias Element = InboundMessage

    private var frames: NIOAsyncChannelInboundStream<InboundFrame<ServerMessage>>.AsyncIterator
    public var maxData: Int = 256 << 20

    init(_ frames: NIOAsyncChannelInboundStream<InboundFrame<ServerMessage>>.AsyncIterator) {
        self.frames = frames
    }

    public func makeAsyncIterator() -> ReceivedMessages { self }

    /// The next frame step as it arrives, for callers that stream large data themselves.
    public mutating func nextFrame() async throws -> InboundFrame<ServerMessage>? {
        try await frames.next()
    }

    /// The next whole message, or nil when the site closed the link.
    public mutating func next() async throws -> InboundMessage? {
        guard let first = try await frames.next() else { return nil }
        guard case .head(let header) = first else { throw ReceivedMessagesError.outOfStep }
        var data: [UInt8] = []
        if header.dataLength > Int64(maxData) { throw ReceivedMessagesError.dataTooLarge(header, limit: maxData) }
        data.reserveCapacity(Int(header.dataLength))
        while let step = try await frames.next() {
            switch step {
            case .body(let chunk): data.append(contentsOf: chunk.readableBytesView)
            case .end: return InboundMessage(header: header, data: data)
            case .head: throw ReceivedMessagesError.outOfStep
            }
        }
        return nil
    }
}

public enum ReceivedMessagesError: Error, Sendable, Equatable {
    /// A message (its header given) announced more data than the receiver keeps in memory.
    case dataTooLarge(ServerMessage, limit: Int)
    /// Frame steps arrived out of order (a codec bug, never the peer's doing).
    case outOfStep
}

/// Writes client ops on a link.
public struct LinkWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<OutboundFrame>
    let allocator: ByteBufferAllocator

    /// Sends one op with its data (Post, PostNotify, Ping and GroupInvite carry data; the rest none).
    public func send(_ message: ClientMessage, data: [UInt8] = []) async throws {
        let body = data.isEmpty ? nil : allocator.buffer(bytes: data)
        try await outbound.write(.frame(header: message.headerJSON(), data: body))
    }

    /// Sends an op whose data follows in parts through ``sendData(_:)``, for uploads too large to hold.
    public func sendHead(_ message: ClientMessage) async throws {
        try await outbound.write(.head(header: message.headerJSON(), dataLength: message.dataLength))
    }

    /// Sends the next part of the data announced by ``sendHead(_:)``.
    public func sendData(_ bytes: some Sequence<UInt8>) async throws {
        try await outbound.write(.body(allocator.buffer(bytes: bytes)))
    }
}
