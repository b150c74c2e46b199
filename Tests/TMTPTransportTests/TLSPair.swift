import NIOCore
import NIOEmbedded
import NIOSSL
import TMTPTransport

/// A NIOSSL client and a ``ServerTLSHandler`` on two embedded channels, with the bytes between them moved by hand,
/// so each step of a real TLS exchange can be looked at.
final class TLSPair {
    let certificate: SelfSignedCertificate
    let client = EmbeddedChannel()
    let server = EmbeddedChannel()
    /// Plaintext buffers the server passed up, in order.
    private(set) var serverReceived: [ByteBuffer] = []

    init(clientConfiguration: (inout TLSConfiguration) -> Void = { _ in }) throws {
        certificate = try SelfSignedCertificate(commonName: "tls-pair", hosts: ["localhost"])
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let root = try NIOSSLCertificate(bytes: Array(certificate.certificatePEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([root])
        clientConfiguration(&configuration)
        let clientContext = try NIOSSLContext(configuration: configuration)
        try client.pipeline.syncOperations.addHandler(
            try NIOSSLClientHandler(context: clientContext, serverHostname: "localhost"))
        try server.pipeline.syncOperations.addHandler(ServerTLSHandler(context: tls))
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
    }

    /// Moves bytes both ways until neither side has more to send, rethrowing an error either side raised; says
    /// whether anything moved.
    @discardableResult
    func pump() throws -> Bool {
        var moved = false
        for _ in 0..<64 {
            var movedThisRound = false
            while server.isActive, let bytes = try client.readOutbound(as: ByteBuffer.self) {
                try server.writeInbound(bytes)
                movedThisRound = true
            }
            collectServerReads()
            while client.isActive, let bytes = try server.readOutbound(as: ByteBuffer.self) {
                try client.writeInbound(bytes)
                movedThisRound = true
            }
            if !movedThisRound { break }
            moved = true
        }
        return moved
    }

    /// Everything the client read, as one buffer.
    func clientReceived() throws -> ByteBuffer {
        var all = ByteBuffer()
        while var chunk = try client.readInbound(as: ByteBuffer.self) {
            all.writeBuffer(&chunk)
        }
        return all
    }

    func collectServerReads() {
        while let chunk = try? server.readInbound(as: ByteBuffer.self) {
            serverReceived.append(chunk)
        }
    }

    /// What the server passed up, as one run of bytes.
    var serverReceivedBytes: [UInt8] {
        serverReceived.flatMap { Array($0.readableBytesView) }
    }
}

/// A future's outcome on an embedded loop, or nil while it is pending; `wait()` would block for good instead.
func outcome<Value>(of future: EventLoopFuture<Value>) -> Result<Value, any Error>? {
    nonisolated(unsafe) var result: Result<Value, any Error>?
    future.whenComplete { result = $0 }
    return result
}
