import NIOCore
import NIOEmbedded
import NIOSSL
import TMTPTransport

/// The server's ``ServerTLSHandler`` on an embedded channel, optionally with a NIOSSL client on another; bytes move
/// between them only when asked, so an input can stand in for the client's at any point.
final class LinkPair {
    let server = EmbeddedChannel()
    let client: EmbeddedChannel?
    /// Plaintext the server passed up, in order.
    private(set) var serverReceived: [UInt8] = []
    /// Plaintext the client read.
    private(set) var clientReceived: [UInt8] = []
    /// Every byte the client's TLS sent the server, in order.
    private(set) var clientSent: [UInt8] = []
    /// The error the server's pipeline raised, if any.
    private(set) var serverError: (any Error)?

    /// A server alone, for inputs that are the client's bytes themselves.
    init() throws {
        client = nil
        try server.pipeline.syncOperations.addHandler(ServerTLSHandler(context: FuzzSite.shared.server))
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
    }

    /// A server and a real client, which has just sent its hello.
    init(client context: NIOSSLContext) throws {
        let client = EmbeddedChannel()
        self.client = client
        try client.pipeline.syncOperations.addHandler(
            try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
        try server.pipeline.syncOperations.addHandler(ServerTLSHandler(context: FuzzSite.shared.server))
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
        client.flush()
    }

    deinit {
        server.close(promise: nil)
        client?.close(promise: nil)
        // NIOSSL's close waits for the peer's close_notify; its shutdown timeout ends the wait.
        client?.embeddedEventLoop.advanceTime(by: .hours(1))
        _ = try? server.finish(acceptAlreadyClosed: true)
        _ = try? client?.finish(acceptAlreadyClosed: true)
    }

    /// Hands `bytes` to the server as ciphertext from the peer, unless it has closed.
    func feedServer(_ bytes: [UInt8]) {
        guard server.isActive, serverError == nil else { return }
        do {
            try server.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            serverError = error
        }
        collect()
    }

    /// Everything the server sent so far; each flush must be whole records.
    func takeServerOutput() -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try? server.readOutbound(as: ByteBuffer.self) {
            let chunkBytes = Array(chunk.readableBytesView)
            require(areWholeRecords(chunkBytes), "the server sent something other than whole TLS records")
            bytes += chunkBytes
        }
        return bytes
    }

    /// What the client has sealed and not yet sent.
    func takeClientOutput() -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try? client?.readOutbound(as: ByteBuffer.self) {
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    /// Moves bytes both ways until neither side has more to send.
    func pump() {
        guard let client else { return }
        for _ in 0..<64 {
            let toServer = takeClientOutput()
            if !toServer.isEmpty {
                clientSent += toServer
                feedServer(toServer)
            }
            let toClient = takeServerOutput()
            if !toClient.isEmpty, client.isActive {
                // The client may refuse what a broken link sends it; only the server is under test.
                _ = try? client.writeInbound(ByteBuffer(bytes: toClient))
            }
            collect()
            if toServer.isEmpty && toClient.isEmpty { return }
        }
    }

    private func collect() {
        while let chunk = try? server.readInbound(as: ByteBuffer.self) {
            serverReceived += chunk.readableBytesView
        }
        while let chunk = try? client?.readInbound(as: ByteBuffer.self) {
            clientReceived += chunk.readableBytesView
        }
    }
}
