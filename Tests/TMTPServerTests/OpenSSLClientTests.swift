import Foundation
import QuireTestSupport
import Testing

/// The server's TLS against another implementation: OpenSSL's `s_client` speaks TMTP to a real site, for each TLS
/// version the site offers and each TLS 1.2 suite, and is refused below TLS 1.2 and with only a CBC suite.
@Suite struct OpenSSLClientTests {
    /// TmtpRev, then Quit, which before a login the site refuses, closing the link.
    private static let exchange = "0011{\"op\":0,\"id\":\"1\"}0009{\"op\":12}"

    private static var openssl: URL {
        get throws {
            let found = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            return URL(fileURLWithPath: try #require(found, "openssl is not installed"))
        }
    }

    private func talk(to site: TestSite, _ options: String...) async throws -> ProcessResult {
        // `-ign_eof` keeps reading after the request is sent, until the site closes.
        try await ChildProcess.run(
            try Self.openssl,
            ["s_client", "-connect", "127.0.0.1:\(site.port)", "-ign_eof", "-quiet"] + options,
            stdin: Self.exchange, seconds: 30)
    }

    @Test(arguments: ["-tls1_3", "-tls1_2"])
    func anOpenSSLClientExchangesFrames(version: String) async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, version)
        #expect(result.stdout.contains("{\"id\":\"1\",\"name\":\"quire-test\",\"op\":\"tmtprev\"}"), "\(result.stderr)")
        #expect(result.stdout.contains("{\"error\":\"disallowed op on unauthenticated link\",\"op\":\"quit\"}"))
    }

    @Test(arguments: [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
    ])
    func aTLS12ClientOfferingOneAEADSuiteExchangesFrames(suite: String) async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, "-tls1_2", "-cipher", suite)
        #expect(result.stdout.contains("\"op\":\"tmtprev\""), "\(result.stderr)")
    }

    @Test(arguments: ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA"])
    func aTLS12ClientOfferingOnlyACBCSuiteIsRefused(suite: String) async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        let result = try await talk(to: site, "-tls1_2", "-cipher", suite)
        #expect(!result.stdout.contains("tmtprev"))
        #expect(result.status != 0)
        #expect(result.stderr.contains("alert handshake failure"), "\(result.stderr)")
    }

    @Test func tls11IsRefused() async throws {
        let site = try await TestSite.start()
        defer { Task { await site.stop() } }
        // Security level 0 lets OpenSSL offer TLS 1.1 at all, so the refusal is the site's.
        let result = try await talk(to: site, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")
        #expect(!result.stdout.contains("tmtprev"))
        #expect(result.status != 0)
        #expect(result.stderr.contains("alert protocol version"), "\(result.stderr)")
        // The site goes on serving.
        let modern = try await talk(to: site, "-tls1_3")
        #expect(modern.stdout.contains("\"op\":\"tmtprev\""))
    }
}
