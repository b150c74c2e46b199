import NIOCore
import NIOEmbedded
import TMTP

/// A client end and a server end joined in memory, with no socket and no TLS: the server's real handlers run
/// behind the real codec, and the test drives the client end and the server's event loop clock.
///
/// Bytes written by either end reach the other in order; closing either end closes both.
public final class InMemoryLink: Sendable {
    /// The server end; its handlers are the ones `configureServer` added after the codec.
    public let server: NIOAsyncTestingChannel
    private let client: NIOAsyncTestingChannel
    private let pumps: [Task<Void, Never>]

    private init(server: NIOAsyncTestingChannel, client: NIOAsyncTestingChannel) {
        self.server = server
        self.client = client
        self.pumps = [
            Task { await InMemoryLink.pump(from: client, to: server) },
            Task { await InMemoryLink.pump(from: server, to: client) },
        ]
    }

    /// Joins a fresh client end to a server end whose pipeline gets the server codec and then `configureServer`.
    public static func connect(
        configureServer: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
    ) async throws -> InMemoryLink {
        let server = NIOAsyncTestingChannel()
        let client = NIOAsyncTestingChannel()
        try await server.testingEventLoop.executeInContext {
            try LinkCodec.addServerCodec(to: server.pipeline.syncOperations)
            try configureServer(server.pipeline.syncOperations)
        }
        try await client.testingEventLoop.executeInContext {
            try LinkCodec.addClientCodec(to: client.pipeline.syncOperations)
        }
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        try await server.connect(to: address).get()
        try await client.connect(to: address).get()
        return InMemoryLink(server: server, client: client)
    }

    /// Sends a client op with its data to the server end.
    public func send(_ message: ClientMessage, data: [UInt8] = []) async throws {
        let body = data.isEmpty ? nil : client.allocator.buffer(bytes: data)
        try await client.writeOutbound(OutboundFrame.frame(header: message.headerJSON(), data: body))
    }

    /// Hands raw bytes, framed or not, to the server end as if they came off the wire, for tests of hostile input.
    public func sendBytes(_ bytes: [UInt8]) async throws {
        try await server.writeInbound(server.allocator.buffer(bytes: bytes))
    }

    /// The next whole message the server sent, waiting for it; throws once the link is closed.
    public func next() async throws -> InboundMessage {
        guard case .head(let header) = try await client.waitForInboundWrite(as: InboundFrame<ServerMessage>.self)
        else { throw ReceivedMessagesError.outOfStep }
        var data: [UInt8] = []
        while true {
            switch try await client.waitForInboundWrite(as: InboundFrame<ServerMessage>.self) {
            case .body(let chunk): data += chunk.readableBytesView
            case .end: return InboundMessage(header: header, data: data)
            case .head: throw ReceivedMessagesError.outOfStep
            }
        }
    }

    /// Whether the server end is still open.
    public var isOpen: Bool {
        get async { (try? await server.testingEventLoop.executeInContext { self.server.isActive }) ?? false }
    }

    /// Closes both ends.
    public func close() async {
        pumps.forEach { $0.cancel() }
        try? await client.close()
        try? await server.close()
    }

    private static func pump(from source: NIOAsyncTestingChannel, to destination: NIOAsyncTestingChannel) async {
        do {
            while !Task.isCancelled {
                let bytes = try await source.waitForOutboundWrite(as: ByteBuffer.self)
                try await destination.writeInbound(bytes)
            }
        } catch {
            try? await destination.close()
        }
    }
}
