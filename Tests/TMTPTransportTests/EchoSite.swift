import NIOCore
import NIOSSL
import TMTP
import TMTPTransport

/// A minimal TLS site for transport tests: it answers TmtpRev and sends each Post's data back as a delivery.
struct EchoSite {
    let listener: ServerListener
    let certificate: SelfSignedCertificate

    var port: Int { listener.localAddress?.port ?? 0 }

    static func start(hosts: [String] = ["localhost", "127.0.0.1"]) async throws -> EchoSite {
        let certificate = try SelfSignedCertificate(commonName: "echo-site", hosts: hosts)
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let listener = try await ServerListener.bind(host: "127.0.0.1", port: 0, tls: tls) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(EchoHandler())
            }
        }
        return EchoSite(listener: listener, certificate: certificate)
    }

    func stop() async throws {
        try await listener.close()
    }
}

final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = InboundFrame<ClientMessage>
    typealias OutboundOut = OutboundFrame

    private var post: ClientMessage.Post?
    private var data = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(.tmtpRev):
            let reply = ServerMessage.tmtprev(.init(name: "echo-site"))
            context.writeAndFlush(wrapOutboundOut(.frame(header: reply.headerJSON(), data: nil)), promise: nil)
        case .head(.post(let post)):
            self.post = post
            self.data.clear()
        case .head:
            break
        case .body(var chunk):
            self.data.writeBuffer(&chunk)
        case .end:
            guard let post else { return }
            let std = ServerMessage.Std(
                from: "ECHO", id: post.id, posted: "2026-11-29T07:49:47.676Z",
                dataLength: Int64(self.data.readableBytes))
            let delivery = ServerMessage.delivery(.init(std: std))
            context.writeAndFlush(wrapOutboundOut(.frame(header: delivery.headerJSON(), data: self.data)), promise: nil)
            self.post = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
