import Foundation
import QuireTestSupport
import TMTP
import Testing

extension EndToEnd {
    /// `tmtpd serve` with OpenID Connect set up from the command line and a JWKS file.
    @Suite("tmtpd OpenID Connect")
    struct TMTPDOpenIDTests {
        static let refused = #"{"error":"authentication required","op":"quit"}"#

        @Test func tmtpdServesOIDCFromAJWKSFile() async throws {
            let directory = try TemporaryDirectory()
            let jwks = directory.path + "/jwks.json"
            try #require(TestIdentityProvider.shared).jwks().write(to: URL(fileURLWithPath: jwks))
            let server = try await SiteDaemon.start(
                dataDirectory: directory.path + "/data",
                extra: [
                    "--oidc-auth", "https://id.example.test/authorize", "--oidc-authby", "Example ID",
                    "--oidc-issuer", TestIdentityProvider.issuer, "--oidc-client-id", TestIdentityProvider.clientID,
                    "--oidc-jwks", jwks,
                ])
            let peer = try await TestPeer.connect(port: server.port)
            try await peer.send(.tmtpRev(.init()))
            #expect(try await peer.next(op: "tmtprev").json.contains(#""authby":"Example ID""#))
            try await peer.send(.register(.init(newNode: "n1", newAlias: "_")))
            #expect(try await peer.closedMessages().map(\.json) == [Self.refused])
            server.terminate()
        }
    }
}
