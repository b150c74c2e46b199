import Foundation
import QuireTestSupport
import TMTP
import TMTPServer
import Testing

/// OpenID Connect at Register: tokens checked against a JWKS file or URL, over real TLS.
@Suite("OpenID Connect")
struct OIDCTests {
    static func provider() throws -> TestIdentityProvider { try #require(TestIdentityProvider.shared) }

    static func verifier() throws -> IDTokenVerifier {
        IDTokenVerifier(
            issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.clientID,
            keys: try JSONWebKeySet(json: try provider().jwks()))
    }

    static func site(required: Bool = true) async throws -> TestSite {
        let verifier = try verifier()
        return try await TestSite.start { configuration in
            configuration.oidc = OIDCConfiguration(
                auth: "https://id.example.test/authorize", authBy: "Example ID", verifier: verifier,
                required: required)
        }
    }

    /// Sends TmtpRev and a Register carrying `token`; returns the tmtprev JSON and what followed.
    static func register(at site: TestSite, token: String?) async throws -> (tmtprev: String, reply: String) {
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init()))
        let tmtprev = try await peer.next(op: "tmtprev").json
        let oidc = token.map { OIDCToken(tokenType: "Bearer", idToken: $0) }
        try await peer.send(.register(.init(newNode: "n1", newAlias: "_", oidc: oidc)))
        let reply = try await peer.next(where: { ["registered", "quit"].contains($0.header.op) }, "registered or quit")
        await peer.close()
        return (tmtprev, reply.json)
    }

    static let refused = #"{"error":"authentication required","op":"quit"}"#

    @Test func tmtprevAnnouncesTheProviderAndAValidTokenRegisters() async throws {
        let site = try await Self.site()
        let (tmtprev, reply) = try await Self.register(at: site, token: try Self.provider().token())
        #expect(
            tmtprev
                == #"{"auth":"https://id.example.test/authorize","authby":"Example ID","id":"1","name":"quire-test","op":"tmtprev"}"#
        )
        #expect(reply.contains(#""op":"registered""#))
        #expect(try await site.store.users().count == 1)
        await site.stop()
    }

    @Test func invalidOrMissingTokensQuitWithAuthenticationRequired() async throws {
        let site = try await Self.site()
        let provider = try Self.provider()
        let impostor = try #require(TestIdentityProvider.impostor)
        let now = Date().timeIntervalSince1970
        let tokens: [(String, String?)] = [
            ("missing", nil),
            ("empty", ""),
            ("wrong key", try impostor.token()),
            ("expired", try provider.token(["exp": now - 600, "iat": now - 1200])),
            ("wrong audience", try provider.token(["aud": "another-site"])),
            ("wrong issuer", try provider.token(["iss": "https://evil.example.test"])),
            ("unknown kid", try provider.token(kid: "rotated-away")),
            ("garbage", "not.a.jwt"),
        ]
        for (name, token) in tokens {
            let (_, reply) = try await Self.register(at: site, token: token)
            #expect(reply == Self.refused, "\(name)")
        }
        #expect(try await site.store.users().isEmpty)
        await site.stop()
    }

    @Test func optionalOIDCAcceptsNoTokenButStillRefusesABadOne() async throws {
        let site = try await Self.site(required: false)
        #expect(try await Self.register(at: site, token: nil).reply.contains(#""op":"registered""#))
        let expired = try Self.provider().token(["exp": Date().timeIntervalSince1970 - 3600])
        #expect(try await Self.register(at: site, token: expired).reply == Self.refused)
        await site.stop()
    }

    @Test func verifierChecksTheValidityWindowWithLeeway() throws {
        let verifier = try Self.verifier()
        let provider = try Self.provider()
        let now = Date().timeIntervalSince1970
        let claims = try verifier.verify(try provider.token(["aud": ["other", TestIdentityProvider.clientID]]))
        #expect(claims.subject == "user-42" && claims.email == "user42@example.test")
        // Within the 60 s leeway either side.
        #expect(throws: Never.self) { try verifier.verify(try provider.token(["exp": now - 30])) }
        #expect(throws: Never.self) { try verifier.verify(try provider.token(["nbf": now + 30])) }
        #expect(throws: IDTokenError.expired) { try verifier.verify(try provider.token(["exp": now - 120])) }
        #expect(throws: IDTokenError.notYetValid) { try verifier.verify(try provider.token(["nbf": now + 120])) }
        #expect(throws: IDTokenError.malformed) { try verifier.verify(try provider.token(["exp": NSNull()])) }
        let token = try provider.token()
        let tampered = token.replacingOccurrences(of: ".", with: ".e", options: [], range: nil)
        #expect(throws: (any Error).self) { try verifier.verify(tampered) }
    }

    @Test func keysAreFetchedFromAJWKSURL() async throws {
        let jwks = try Self.provider().jwks()
        let server = try await JWKSServer.start(body: Array(jwks))
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/jwks.json"))
        let keys = try await JSONWebKeySet.load(from: .url(url))
        #expect(Array(keys.keys.keys) == ["test-key-1"])
        await server.stop()

        let missing = try await JWKSServer.start(status: "404 Not Found", body: [])
        let gone = try #require(URL(string: "http://127.0.0.1:\(missing.port)/jwks.json"))
        await #expect(throws: JSONWebKeySetError.fetchFailed(gone.absoluteString, "HTTP status 404")) {
            try await JSONWebKeySet.load(from: .url(gone))
        }
        await missing.stop()
        let plain = try #require(URL(string: "http://id.example.test/jwks.json"))
        await #expect(throws: JSONWebKeySetError.insecureURL(plain.absoluteString)) {
            try await JSONWebKeySet.load(from: .url(plain))
        }
    }

    @Test func jwksWithoutAnRSASigningKeyIsRefused() {
        #expect(throws: JSONWebKeySetError.noUsableKey) {
            try JSONWebKeySet(json: Data(#"{"keys":[{"kty":"EC","kid":"a"}]}"#.utf8))
        }
        #expect(throws: (any Error).self) { try JSONWebKeySet(json: Data("[]".utf8)) }
    }
}
