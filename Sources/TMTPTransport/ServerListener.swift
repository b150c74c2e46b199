import NIOCore
import NIOPosix

/// A listening TLS socket whose accepted links carry the TMTP codec.
///
/// Unlike the reference server, accepted sockets get TCP keepalive, so a peer that vanished without a FIN is found
/// out instead of holding its node for good. Their buffers come from ``LinkBufferAllocator``, so idle links stay small.
public struct ServerListener: Sendable {
    public let channel: Channel

    /// The bound address; with port 0 the system picks a free one.
    public var localAddress: SocketAddress? { channel.localAddress }

    /// Binds `host:port` and, for every accepted link, adds TLS, the codec, and then whatever `initializer` adds.
    public static func bind(
        host: String,
        port: Int,
        tls: ServerTLSContext,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        backlog: Int32 = 1024,
        initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>
    ) async throws -> ServerListener {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allocator, value: LinkBufferAllocator.allocator)
            .childChannelOption(.recvAllocator, value: Self.receiveSizes)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    try sync.addHandler(ServerTLSHandler(context: tls))
                    try LinkCodec.addServerCodec(to: sync)
                }.flatMap { initializer(child) }
            }
            .bind(host: host, port: port)
            .get()
        return ServerListener(channel: channel)
    }

    /// Read sizes: each link keeps a receive buffer of the last size, and an idle link's reads (a
    /// handshake, a login, pulses) are small; reading a large frame doubles it up to the 64 KiB default.
    static let receiveSizes = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)

    /// Stops accepting; links already open are left to their owner.
    public func close() async throws {
        try await channel.close()
    }
}
