import Foundation
import Logging
import TMTP
import TMTPServer
import TMTPTransport

/// A real site in this process: TLS on 127.0.0.1, its own store in a temporary directory.
public final class TestSite: Sendable {
    public struct NoCertificate: Error, CustomStringConvertible {
        public var description: String { "the test certificate could not be made" }
    }

    public struct NotListening: Error, CustomStringConvertible {
        public var description: String { "the site did not report the port it listens on" }
    }

    public let server: SiteServer
    public let store: any ServerStore
    /// The PostgreSQL database of a site on ``TestStore/postgres``.
    public let database: TestDatabase?
    public let directory: TemporaryDirectory
    public let name: String
    public let port: Int
    public let fingerprint: CertificateFingerprint

    private init(
        server: SiteServer, store: any ServerStore, database: TestDatabase?, directory: TemporaryDirectory,
        name: String, port: Int, fingerprint: CertificateFingerprint
    ) {
        self.server = server
        self.store = store
        self.database = database
        self.directory = directory
        self.name = name
        self.port = port
        self.fingerprint = fingerprint
    }

    /// Made once: key generation is slow.
    public static let certificate: SelfSignedCertificate? = try? SelfSignedCertificate(
        commonName: "localhost", hosts: ["127.0.0.1", "localhost"])

    /// Starts a site named `name` on `store`; with `reusing`, on the same data, name and port as a
    /// stopped one (a site restart); with `sharing`, as a second instance on another's PostgreSQL
    /// database.
    public static func start(
        name: String? = nil, store kind: TestStore = .sqlite, reusing previous: TestSite? = nil,
        sharing other: TestSite? = nil, _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestSite {
        let directory = try previous?.directory ?? TemporaryDirectory()
        let siteName = name ?? previous?.name ?? other?.name ?? "quire-test"
        let store: any ServerStore
        var database = previous?.database ?? other?.database
        if database == nil && kind == .postgres { database = try await TestDatabase.create() }
        if let database {
            store = try await database.open(spoolDirectory: directory.path + "/data")
        } else {
            store = try SQLiteServerStore(directory: directory.path + "/data")
        }
        var configuration = ServerConfiguration(siteName: siteName)
        // A TLS handshake on a loaded machine can take seconds; the tests of the deadline itself set their own.
        configuration.loginTimeout = .seconds(30)
        configure(&configuration)
        guard let certificate else { throw NoCertificate() }
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        var logger = Logger(label: "tmtpd-test")
        logger.logLevel = .critical
        let server = try await SiteServer.start(
            configuration: configuration, store: store, host: "127.0.0.1", port: previous?.port ?? 0, tls: tls,
            logger: logger)
        guard let port = server.localAddress?.port else { throw NotListening() }
        return TestSite(
            server: server, store: store, database: database, directory: directory, name: siteName, port: port,
            fingerprint: certificate.fingerprint)
    }

    /// The site pinned by its certificate, as a client is told to use it.
    public var address: String { "=127.0.0.1:\(port)#\(fingerprint.hex)" }

    /// A raw TLS link to the site.
    public func connect(reading: Bool = true) async throws -> TestPeer {
        try await TestPeer.connect(port: port, reading: reading)
    }

    /// A user registered on a fresh link that stays logged in.
    public func register(_ alias: String = "_") async throws -> TestUser {
        try await TestUser.register(port: port, alias: alias)
    }

    /// Logs a node in on a fresh link, returning the link and its `info`.
    public func login(uid: String, password: String) async throws -> (TestPeer, ServerMessage.Info) {
        try await TestUser.login(port: port, uid: uid, password: password)
    }

    public func stop() async {
        await server.shutdown()
        if let store = store as? SQLiteServerStore { try? store.close() }
        if let store = store as? PostgresServerStore { store.close() }
    }
}
