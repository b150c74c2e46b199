import Foundation
import QuireTestSupport
import TMTP
import TMTPTransport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// SIGHUP reloads `--cert`/`--key` as an ACME client's renew hook would ask.
    @Suite("tmtpd certificate reload")
    struct TMTPDCertificateReloadTests {
        static func write(_ certificate: SelfSignedCertificate, cert: String, key: String) throws {
            try certificate.certificatePEM.write(toFile: cert, atomically: true, encoding: .utf8)
            try certificate.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        }

        /// The fingerprint a new link's handshake presents (read once a reply proved the handshake done).
        static func newHandshakeFingerprint(port: Int) async throws -> CertificateFingerprint? {
            let peer = try await TestPeer.connect(port: port)
            try await peer.send(.tmtpRev(.init()))
            _ = try await peer.next(op: "tmtprev")
            let fingerprint = try await peer.siteFingerprint()
            await peer.close()
            return fingerprint
        }

        @Test func sighupSwapsTheCertificateForNewHandshakesAndRefusesABrokenOne() async throws {
            let directory = try TemporaryDirectory()
            let cert = directory.path + "/cert.pem"
            let key = directory.path + "/key.pem"
            let first = try SelfSignedCertificate(commonName: "localhost", hosts: ["localhost", "127.0.0.1"])
            try Self.write(first, cert: cert, key: key)
            let server = try await SiteDaemon.start(
                dataDirectory: directory.path + "/data", extra: ["--cert", cert, "--key", key])
            defer { server.terminate() }
            let user = try await TestUser.register(port: server.port, alias: "renewal-user")
            #expect(try await user.peer.siteFingerprint() == first.fingerprint)

            let renewed = try SelfSignedCertificate(commonName: "localhost", hosts: ["localhost", "127.0.0.1"])
            try Self.write(renewed, cert: cert, key: key)
            kill(server.process.processIdentifier, SIGHUP)
            try await eventually("the reload is logged") { server.running.stderrText.contains("SIGHUP: reloaded") }
            #expect(try await Self.newHandshakeFingerprint(port: server.port) == renewed.fingerprint)
            // The link opened before the reload still works.
            try await user.peer.send(.userEdit(.init(id: "a", newAlias: "renewal-user-2")))
            #expect(try await user.peer.reply(to: "a").error == nil)

            // A key that does not match is refused and the renewed certificate stays.
            let other = try SelfSignedCertificate(commonName: "localhost", hosts: ["localhost"])
            try other.certificatePEM.write(toFile: cert, atomically: true, encoding: .utf8)
            kill(server.process.processIdentifier, SIGHUP)
            try await eventually("the refusal is logged") {
                server.running.stderrText.contains("SIGHUP: kept the certificate in use")
            }
            try "not a certificate".write(toFile: cert, atomically: true, encoding: .utf8)
            kill(server.process.processIdentifier, SIGHUP)
            try await eventually("the second refusal is logged") {
                server.running.stderrText.components(separatedBy: "SIGHUP: kept the certificate in use").count == 3
            }
            #expect(try await Self.newHandshakeFingerprint(port: server.port) == renewed.fingerprint)
            #expect(!user.peer.isClosed)
            try await user.peer.send(.userEdit(.init(id: "b", newAlias: "renewal-user-3")))
            #expect(try await user.peer.reply(to: "b").error == nil)
        }
    }
}
