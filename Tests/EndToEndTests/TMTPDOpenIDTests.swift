import Foundation
import QuireTestSupport
import TMTP
import Testing

extension EndToEnd {
    /// `tmtpd serve` with OpenID Connect set up in its TOML config file, as the reference's config names it.
    @Suite("tmtpd OpenID Connect")
    struct TMTPDOpenIDTests {
        static let refused = #"{"error":"authentication required","op":"quit"}"#

        static func config(directory: TemporaryDirectory, keys: String, optional: Bool = false) throws -> String {
            let path = directory.path + "/tmtpd.toml"
            let text = """
                auth = 1
                \(optional ? "[[authby]]\n" : "")
                [[authby]]
                label = "Example ID"
                login = ["https://id.example.test/authorize", "response_type=code", "scope=openid"]
                token = ["https://id.example.test/token", "grant_type=authorization_code"]
                std = ["client_id=\(TestIdentityProvider.clientID)", "redirect_uri=http://localhost:8123/u"]
                keys = "\(keys)"
                iss = "\(TestIdentityProvider.issuer)"
                aud = "\(TestIdentityProvider.clientID)"

                """
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        @Test func tmtpdServesTheProvidersOfItsConfigFile() async throws {
            let directory = try TemporaryDirectory()
            let jwks = directory.path + "/jwks.json"
            try #require(TestIdentityProvider.shared).jwks().write(to: URL(fileURLWithPath: jwks))
            let config = try Self.config(directory: directory, keys: jwks)
            let server = try await SiteDaemon.start(
                dataDirectory: directory.path + "/data", extra: ["--config", config])
            let peer = try await TestPeer.connect(port: server.port)
            try await peer.send(.tmtpRev(.init()))
            #expect(
                try await peer.next(op: "tmtprev").json
                    == #"{"auth":1,"authby":[{"label":"Example ID","login":["https://id.example.test/authorize","response_type=code\u0026scope=openid\u0026client_id=quire-test-site\u0026redirect_uri=http://localhost:8123/u"],"token":["https://id.example.test/token","grant_type=authorization_code\u0026client_id=quire-test-site\u0026redirect_uri=http://localhost:8123/u"]}],"id":"1","name":"test-site","op":"tmtprev"}"#
            )
            try await peer.send(.register(.init(newNode: "n1", newAlias: "_")))
            #expect(try await peer.closedMessages().map(\.json) == [Self.refused])
            server.terminate()
        }

        @Test func aProviderWhoseKeysCannotBeReadStopsTheStartNamingFileProviderAndKey() async throws {
            let directory = try TemporaryDirectory()
            let config = try Self.config(directory: directory, keys: directory.path + "/missing.json", optional: true)
            let result = try await ChildProcess.run(
                try BuiltProducts.executable("tmtpd"),
                ["serve", "--listen", "127.0.0.1:0", "--data-dir", directory.path + "/data", "--config", config])
            #expect(result.status != 0)
            #expect(
                result.stderr.contains(
                    "\(config): [[authby]] 2 (\"Example ID\"): 'keys': JWKS: cannot read \(directory.path)/missing.json"
                ))
        }
    }
}
