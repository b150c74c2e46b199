import NIOCore
import NIOPosix

/// A one-document HTTP/1.1 server on 127.0.0.1, standing in for a provider's `jwks_uri`.
///
/// It answers every request with the same status and body and closes the connection, which is all a
/// JWKS fetch needs.
final class JWKSServer: Sendable {
    let channel: Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: Channel) {
        self.channel = channel
    }

    static func start(status: String = "200 OK", body: [UInt8]) async throws -> JWKSServer {
        let response =
            Array(
                "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
                    .utf8) + body
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Responder(response: response))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return JWKSServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let response: [UInt8]
        var request: [UInt8] = []

        init(response: [UInt8]) {
            self.response = response
        }

        /// Answers once the request's blank line has arrived.
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            request += unwrapInboundIn(data).readableBytesView
            guard request.firstRange(of: Array("\r\n\r\n".utf8)) != nil else { return }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: response)), promise: nil)
            context.close(promise: nil)
        }
    }
}
