import Foundation
import QuireTestSupport
import Testing

private let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// The server's TLS against Python's `ssl` module (OpenSSL underneath, but its own client code and defaults): it
/// verifies the site's certificate, speaks TMTP over TLS 1.3 and over TLS 1.2 with each AEAD suite, and is refused
/// when it offers only a CBC suite.
@Suite(.enabled(if: python3 != nil, "python3 is not installed"))
struct PythonSSLClientTests {
    /// Arguments: port, CA PEM, "1.2" or "1.3", an OpenSSL cipher list or "". Prints the version and suite, then
    /// what the site sent until its close_notify; exits 2 with the reason if the handshake is refused.
    private static let client = """
        import socket, ssl, sys
        port, authority, version, ciphers = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(cadata=authority)
        if version == "1.2":
            context.maximum_version = ssl.TLSVersion.TLSv1_2
        if ciphers:
            context.set_ciphers(ciphers)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            try:
                tls = context.wrap_socket(raw, server_hostname="localhost")
            except ssl.SSLError as error:
                print("refused:", error.reason, flush=True)
                sys.exit(2)
            print(tls.version(), tls.cipher()[0], flush=True)
            tls.sendall(b'0011{"op":0,"id":"1"}0009{"op":12}')
            received = b""
            while chunk := tls.recv(4096):
                received += chunk
            print(received.decode(), flush=True)
        """

    private func talk(to site: TestSite, version: String, ciphers: String = "") async throws -> ProcessResult {
        let python = try #require(python3)
        let authority = try #require(TestSite.certificate).certificatePEM
        return try await ChildProcess.run(
            URL(fileURLWithPath: python), ["-c", Self.client, "\(site.port)", authority, version, ciphers],
            seconds: 30)
    }

    @Test func aTLS13ClientVerifiesTheSiteAndExchangesFrames() async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, version: "1.3")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("TLSv1.3 "))
        #expect(result.stdout.contains("{\"id\":\"1\",\"name\":\"quire-test\",\"op\":\"tmtprev\"}"), "\(result.stdout)")
        #expect(result.stdout.contains("{\"error\":\"disallowed op on unauthenticated link\",\"op\":\"quit\"}"))
    }

    @Test(arguments: [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
    ])
    func aTLS12ClientOfferingOneAEADSuiteExchangesFrames(suite: String) async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, version: "1.2", ciphers: suite)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("TLSv1.2 \(suite)"), "\(result.stdout)")
        #expect(result.stdout.contains("\"op\":\"tmtprev\""))
    }

    @Test func aTLS12ClientOfferingOnlyACBCSuiteIsRefused() async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, version: "1.2", ciphers: "ECDHE-ECDSA-AES128-SHA")
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.contains("refused: SSLV3_ALERT_HANDSHAKE_FAILURE"), "\(result.stdout)")
        // The site goes on serving.
        let modern = try await talk(to: site, version: "1.3")
        #expect(modern.stdout.contains("\"op\":\"tmtprev\""))
    }
}
