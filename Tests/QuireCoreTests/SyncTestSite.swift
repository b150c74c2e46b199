import Foundation
import Logging
import QuireTestSupport
import TMTPServer
import TMTPTransport
import Testing

@testable import QuireCore

/// A real TMTP site in this process: TLS on 127.0.0.1, its own store in a temporary directory.
final class SyncTestSite: Sendable {
    let server: SiteServer
    let store: SQLiteServerStore
    let directory: ScratchDirectory
    let port: Int
    let fingerprint: CertificateFingerprint

    private init(
        server: SiteServer, store: SQLiteServerStore, directory: ScratchDirectory, port: Int,
        fingerprint: CertificateFingerprint
    ) {
        self.server = server
        self.store = store
        self.directory = directory
        self.port = port
        self.fingerprint = fingerprint
    }

    static let certificate: SelfSignedCertificate? = try? SelfSignedCertificate(
        commonName: "localhost", hosts: ["127.0.0.1"])

    /// Starts a site; with `reusing`, on the same data and port as a stopped one (a site restart).
    static func start(reusing previous: SyncTestSite? = nil) async throws -> SyncTestSite {
        let directory = try previous?.directory ?? ScratchDirectory()
        let store = try SQLiteServerStore(directory: directory.url.appendingPathComponent("site").path)
        let certificate = try #require(certificate)
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        var logger = Logger(label: "tmtpd-test")
        logger.logLevel = .critical
        var configuration = ServerConfiguration(siteName: "quire-sync-test")
        // A TLS handshake on a loaded machine can take seconds; a login deadline hit mid-Register would leave the
        // alias with an account whose reply never arrived, which is not what these tests are about.
        configuration.loginTimeout = .seconds(30)
        let server = try await SiteServer.start(
            configuration: configuration, store: store, host: "127.0.0.1",
            port: previous?.port ?? 0, tls: tls, logger: logger)
        let port = try #require(server.localAddress?.port)
        return SyncTestSite(
            server: server, store: store, directory: directory, port: port, fingerprint: certificate.fingerprint)
    }

    /// The site pinned by its certificate.
    var address: String { "=127.0.0.1:\(port)#\(fingerprint.hex)" }

    func stop() async {
        await server.shutdown()
        try? store.close()
    }
}

/// One device of a user: a Quire home with its store and the account's sync.
final class TestDevice: Sendable {
    let directory: ScratchDirectory
    let home: QuireHome
    let store: ClientStore
    let client: QuireClient
    let sync: AccountSync
    let account: String

    init(directory: ScratchDirectory, account: String, configure: (inout SyncConfiguration) -> Void = { _ in })
        throws
    {
        self.directory = directory
        self.account = account
        home = QuireHome(dataDirectory: directory.url, configDirectory: directory.url)
        store = try ClientStore(home: home)
        client = QuireClient(store: store, home: home)
        var configuration = SyncConfiguration(home: home, deviceLabel: "test")
        configuration.backoffBase = .milliseconds(50)
        configuration.backoffMax = .milliseconds(400)
        configuration.outboxPollInterval = .milliseconds(200)
        configuration.lockRetryInterval = .milliseconds(100)
        configuration.ackTimeout = .seconds(10)
        configure(&configuration)
        sync = AccountSync(account: account, store: store, configuration: configuration)
    }

    /// A new user on `site`, registered with `alias` and online.
    static func user(_ alias: String, on site: SyncTestSite) async throws -> TestDevice {
        let device = try TestDevice(directory: try ScratchDirectory(), account: "main")
        try await device.client.addAccount(name: "main", site: site.address, alias: alias)
        await device.sync.start()
        try await device.waitOnline()
        return device
    }

    /// The same home opened afresh, as after a restart of the program.
    func reopened(configure: (inout SyncConfiguration) -> Void = { _ in }) throws -> TestDevice {
        try TestDevice(directory: directory, account: account, configure: configure)
    }

    func waitOnline() async throws {
        try await eventually("\(account) online") { await self.sync.state == .online }
    }

    var uid: String {
        get async throws { try #require(try await store.account(named: account)?.uid) }
    }

    /// Makes `self` and `other` contacts: `self` pings, `other` accepts, `other` writes first.
    func befriend(_ other: TestDevice, alias otherAlias: String, myAlias: String) async throws {
        try await client.ping(account: account, alias: otherAlias, text: "hello from \(myAlias)")
        try await eventually("ping arrives") { try await !other.store.notices(state: .pending).isEmpty }
        let notice = try #require(try await other.store.notices(state: .pending).first)
        try await other.client.accept(notice: notice.id)
        try await eventually("accept acked") { try await other.store.pendingOutbox(account: other.account).isEmpty }
        // They write first, which tells us their uid.
        try await other.client.newThread(account: other.account, to: [myAlias], subject: "hi", body: "accepted")
        try await eventually("first thread arrives") {
            try await self.store.contact(account: self.account, alias: otherAlias)?.uid != nil
        }
    }
}

/// A fresh directory, removed when the value is released.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
