import Dispatch
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TMTP

/// One client link of the load generator. Stored messages are acked on the event loop as soon as
/// they arrive (and their delivery latency recorded); replies (`ack`, `info`, `quit`...) go to the
/// client's task through ``nextReply()``.
///
/// A link belongs to one client task and is not shared.
final class LoadLink {
    struct Closed: Error {}

    let channel: Channel
    private var iterator: AsyncThrowingStream<ServerMessage, any Error>.AsyncIterator

    private init(channel: Channel, replies: AsyncThrowingStream<ServerMessage, any Error>) {
        self.channel = channel
        iterator = replies.makeAsyncIterator()
    }

    static func connect(host: String, port: Int, tls: NIOSSLContext, stats: LoadStats) async throws -> LoadLink {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ServerMessage.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(30))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: nil))
                    try channel.pipeline.syncOperations.addHandler(
                        LoadLinkHandler(replies: continuation, stats: stats))
                }
            }
            .connect(host: host, port: port).get()
        return LoadLink(channel: channel, replies: stream)
    }

    func send(_ message: ClientMessage, data: [UInt8] = []) async throws {
        var buffer = channel.allocator.buffer(capacity: data.count + 256)
        buffer.writeBytes(try message.frame())
        buffer.writeBytes(data)
        try await channel.writeAndFlush(buffer)
    }

    /// The next reply; throws ``Closed`` when the link ended.
    func nextReply() async throws -> ServerMessage {
        guard let message = try await iterator.next() else { throw Closed() }
        return message
    }

    /// The next reply of `op`, skipping presence notices and others.
    func nextReply(op: String) async throws -> ServerMessage {
        while true {
            let message = try await nextReply()
            if message.op == op { return message }
            if message.op == "quit" { throw Closed() }
        }
    }

    func close() async {
        try? await channel.close()
    }
}

/// Decodes frames, acks stored messages at once, forwards the rest.
private final class LoadLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let replies: AsyncThrowingStream<ServerMessage, any Error>.Continuation
    private let stats: LoadStats
    private var decoder = FrameDecoder<ServerMessage>()
    private var current: ServerMessage?
    private var stamp: [UInt8] = []

    init(replies: AsyncThrowingStream<ServerMessage, any Error>.Continuation, stats: LoadStats) {
        self.replies = replies
        self.stats = stats
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        do {
            while let event = try decoder.next() {
                switch event {
                case .head(let message):
                    current = message
                    stamp = []
                case .body(let chunk):
                    if stamp.count < 8 { stamp.append(contentsOf: chunk.prefix(8 - stamp.count)) }
                case .end:
                    guard let message = current else { continue }
                    current = nil
                    finish(message, context: context)
                }
            }
        } catch {
            stats.recordError("undecodable frame: \(error)")
            context.close(promise: nil)
        }
    }

    private func finish(_ message: ServerMessage, context: ChannelHandlerContext) {
        guard let std = message.std else {
            replies.yield(message)
            return
        }
        if case .delivery = message, stamp.count == 8 {
            let sent = stamp.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            stats.recordDelivery(nanoseconds: DispatchTime.now().uptimeNanoseconds &- UInt64(littleEndian: sent))
        }
        if let frame = try? ClientMessage.ack(.init(id: std.id)).frame() {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: frame)), promise: nil)
        }
    }

    typealias OutboundOut = ByteBuffer

    func channelInactive(context: ChannelHandlerContext) {
        replies.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        replies.finish(throwing: error)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension LoadLinkHandler: Sendable {}
