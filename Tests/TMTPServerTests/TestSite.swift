import Foundation
import Logging
import NIOSSL
import TMTP
import TMTPServer
import TMTPTransport
import Testing

/// A real server on 127.0.0.1 over TLS, with its own store in a temporary directory.
final class TestSite: Sendable {
    let server: SiteServer
    let store: SQLiteServerStore
    let directory: TemporaryDirectory
    let port: Int

    static let certificate: SelfSignedCertificate? = try? SelfSignedCertificate(
        commonName: "localhost", hosts: ["127.0.0.1", "localhost"])

    private init(server: SiteServer, store: SQLiteServerStore, directory: TemporaryDirectory, port: Int) {
        self.server = server
        self.store = store
        self.directory = directory
        self.port = port
    }

    static func start(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestSite {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path + "/data")
        var configuration = ServerConfiguration(siteName: "quire-test")
        // Generous for TLS handshakes on a loaded machine; the tests of the deadline itself set their own.
        configuration.loginTimeout = .seconds(30)
        configure(&configuration)
        let certificate = try #require(certificate)
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        var logger = Logger(label: "tmtpd-test")
        logger.logLevel = .critical
        let server = try await SiteServer.start(
            configuration: configuration, store: store, host: "127.0.0.1", port: 0, tls: tls, logger: logger)
        let port = try #require(server.localAddress?.port)
        return TestSite(server: server, store: store, directory: directory, port: port)
    }

    func connect(reading: Bool = true) async throws -> TestPeer {
        try await TestPeer.connect(port: port, reading: reading)
    }

    func stop() async {
        await server.shutdown()
        try? store.close()
    }

    /// A user registered on a fresh link that stays logged in.
    func register(_ alias: String = "_") async throws -> TestUser {
        let peer = try await connect()
        try await peer.send(.tmtpRev(.init()))
        _ = try await peer.next(op: "tmtprev")
        try await peer.send(.register(.init(newNode: "n1", newAlias: alias)))
        let frame = try await peer.next(op: "registered")
        guard case .registered(let registered) = frame.header else { throw TestPeer.Closed() }
        _ = try await peer.next(op: "info")
        return TestUser(uid: registered.uid, password: registered.nodeID, alias: alias, peer: peer)
    }

    /// Logs a node in on a fresh link, returning the link and its `info`.
    func login(uid: String, password: String) async throws -> (TestPeer, ServerMessage.Info) {
        let peer = try await connect()
        try await peer.send(.tmtpRev(.init()))
        _ = try await peer.next(op: "tmtprev")
        try await peer.send(.login(.init(uid: uid, node: password)))
        let frame = try await peer.next(where: { $0.header.op == "info" || $0.header.op == "quit" }, "info")
        guard case .info(let info) = frame.header else {
            Issue.record("login refused: \(frame.json)")
            throw TestPeer.Closed()
        }
        return (peer, info)
    }
}

/// A registered user and the link it registered on.
struct TestUser: Sendable {
    var uid: String
    var password: String
    var alias: String
    var peer: TestPeer

    func recipient() -> Recipient { Recipient(id: uid, kind: .user) }
}
