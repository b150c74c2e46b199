import NIOCore
import NIOHTTP1
import NIOPosix

/// The loopback HTTP endpoint the provider sends the browser back to (`redirect_uri`), on NIO's
/// HTTP/1 server pipeline. Each GET of the redirect path is answered with a short page and its
/// request target (path and query) handed to `targets`.
final class RedirectListener: Sendable {
    let targets: AsyncStream<String>
    private let channel: any Channel

    private init(channel: any Channel, targets: AsyncStream<String>) {
        self.channel = channel
        self.targets = targets
    }

    /// Binds `host:port`; returns once it is listening, so the URL can be shown after.
    static func start(host: String, port: Int, path: String) async throws -> RedirectListener {
        let (targets, continuation) = AsyncStream<String>.makeStream()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        RedirectHandler(path: path, deliver: { continuation.yield($0) }))
                }
            }
            .bind(host: host, port: port).get()
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        return RedirectListener(channel: channel, targets: targets)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Answers one request per connection: the redirect path gets a page saying to go back to the
/// terminal, anything else (a browser's favicon request) a 404.
private final class RedirectHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let path: String
    private let deliver: @Sendable (String) -> Void
    private var head: HTTPRequestHead?

    init(path: String, deliver: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let requestPath = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            let matches = head.method == .GET && (requestPath == path || requestPath == path + "/")
            respond(
                context, status: matches ? .ok : .notFound,
                text: matches ? "quire has the sign-in; go back to the terminal. This tab can be closed." : "not found")
            if matches { deliver(head.uri) }
        }
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, text: String) {
        let body = context.channel.allocator.buffer(string: text + "\n")
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))))
            .whenComplete { _ in }
        context.write(wrapOutboundOut(.body(.byteBuffer(body)))).whenComplete { _ in }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
