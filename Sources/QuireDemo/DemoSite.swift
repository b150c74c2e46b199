import Foundation
import Logging
import TMTPServer
import TMTPTransport

/// The demo's TMTP site: the real server, in this process, on 127.0.0.1 with a fresh data
/// directory and a self-signed certificate that clients pin by fingerprint.
final class DemoSite: Sendable {
    static let name = "Quire Demo Site"

    let server: SiteServer
    let store: SQLiteServerStore
    let port: Int
    let fingerprint: CertificateFingerprint

    private init(server: SiteServer, store: SQLiteServerStore, port: Int, fingerprint: CertificateFingerprint) {
        self.server = server
        self.store = store
        self.port = port
        self.fingerprint = fingerprint
    }

    /// Starts the site on a port the system picks, keeping its data in `directory`.
    static func start(directory: URL) async throws -> DemoSite {
        let certificate = try SelfSignedCertificate(commonName: "localhost", hosts: ["127.0.0.1"])
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let store = try SQLiteServerStore(directory: directory.path)
        var logger = Logger(label: "quire.demo.site")
        logger.logLevel = .critical
        var configuration = ServerConfiguration(siteName: name)
        // Several TLS logins start at once on what may be a busy laptop; the usual 5 s is tight.
        configuration.loginTimeout = .seconds(30)
        let server: SiteServer
        do {
            server = try await SiteServer.start(
                configuration: configuration, store: store, host: "127.0.0.1", port: 0, tls: tls, logger: logger)
        } catch {
            try? store.close()
            throw error
        }
        guard let port = server.localAddress?.port else {
            await server.shutdown()
            try? store.close()
            throw DemoError.refused("the server did not report its port")
        }
        return DemoSite(server: server, store: store, port: port, fingerprint: certificate.fingerprint)
    }

    /// The site pinned by its certificate, as accounts name it.
    var address: String { "=127.0.0.1:\(port)#\(fingerprint.hex)" }

    func stop() async {
        await server.shutdown()
        try? store.close()
    }
}
