import Foundation
import NIOCore
import NIOPosix
import TMTP
import TMTPTransport

/// A site on 127.0.0.1 that speaks just enough TMTP to register and log in a client, and on the
/// first login after registering does one thing wrong; later logins are left in peace, so a test
/// can show the account still works afterwards.
final class HostileSite: Sendable {
    enum Misdeed: Sendable {
        /// A frame whose header is not JSON.
        case malformedHeader
        /// A delivery announcing this many bytes, followed by zeros for as long as the client reads.
        case oversizedDelivery(Int64)
    }

    /// The sender uid the oversized delivery names.
    static let senderUID = "HOSTILESENDER"

    private let channel: Channel
    /// `=127.0.0.1:PORT#SHA256`, pinning this site's certificate.
    let address: String

    private init(channel: Channel, address: String) {
        self.channel = channel
        self.address = address
    }

    static func start(_ misdeed: Misdeed) async throws -> HostileSite {
        let certificate = try SelfSignedCertificate(commonName: "hostile", hosts: ["127.0.0.1"])
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let logins = LoginCounter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ServerTLSHandler(context: tls))
                    try child.pipeline.syncOperations.addHandler(HostileLinkHandler(misdeed: misdeed, logins: logins))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return HostileSite(channel: channel, address: "=127.0.0.1:\(port)#\(certificate.fingerprint.hex)")
    }

    func stop() async {
        try? await channel.close()
    }
}

/// Counts logins across links, so only the first one sees the misdeed.
private final class LoginCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

/// One link of a ``HostileSite``: answers TmtpRev, Register and Login, ignores everything else.
private final class HostileLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let misdeed: HostileSite.Misdeed
    private let logins: LoginCounter
    private var decoder = FrameDecoder<ClientMessage>()
    private var zerosLeft: Int64 = 0

    init(misdeed: HostileSite.Misdeed, logins: LoginCounter) {
        self.misdeed = misdeed
        self.logins = logins
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        while let event = try? decoder.next() {
            guard case .head(let op) = event else { continue }
            switch op {
            case .tmtpRev:
                send(.tmtprev(.init(name: "hostile")), context: context)
            case .register:
                send(.registered(.init(uid: "HOSTILEUSER", nodeID: "hostilenode")), context: context)
                send(.info(.init()), context: context)
            case .login:
                send(.info(.init()), context: context)
                if logins.next() == 1 { misbehave(context: context) }
            default:
                continue
            }
        }
        context.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        streamZeros(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func misbehave(context: ChannelHandlerContext) {
        switch misdeed {
        case .malformedHeader:
            write(Array("0010{not a header!!}".utf8), context: context)
        case .oversizedDelivery(let size):
            let std = ServerMessage.Std(
                from: HostileSite.senderUID, id: "hostile-delivery", posted: "2024-01-01T00:00:00Z", dataLength: size)
            send(.delivery(.init(std: std)), context: context)
            zerosLeft = size
            streamZeros(context: context)
        }
    }

    /// Writes zeros while the client keeps reading; stops when its buffers fill or it closes.
    private func streamZeros(context: ChannelHandlerContext) {
        while zerosLeft > 0, context.channel.isActive, context.channel.isWritable {
            let count = Int(min(zerosLeft, 65536))
            write([UInt8](repeating: 0, count: count), context: context)
            zerosLeft -= Int64(count)
            context.flush()
        }
    }

    private func send(_ message: ServerMessage, context: ChannelHandlerContext) {
        guard let frame = try? message.frame() else { return }
        write(frame, context: context)
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }
}
