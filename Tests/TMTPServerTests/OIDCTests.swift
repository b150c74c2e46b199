import Foundation
import QuireTestSupport
import TMTP
import TMTPServer
import Testing

/// OpenID Connect at Register: the reference's `tmtprev` form, and tokens checked per provider over real TLS.
@Suite("OpenID Connect")
struct OIDCTests {
    static func provider() throws -> TestIdentityProvider { try #require(TestIdentityProvider.shared) }

    static func verifier() throws -> IDTokenVerifier {
        IDTokenVerifier(
            issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.clientID,
            keys: try JSONWebKeySet(json: try provider().jwks()))
    }

    static func signInProvider(
        label: String = "Example ID", issuer: String = TestIdentityProvider.issuer,
        audience: String = TestIdentityProvider.clientID, keys: ProviderKeys? = nil
    ) throws -> SignInProvider {
        let jwks = try JSONWebKeySet(json: try provider().jwks())
        return try SignInProvider(
            label: label, login: ["https://id.example.test/authorize", "response_type=code", "scope=openid"],
            token: ["https://id.example.test/token", "grant_type=authorization_code"],
            std: ["client_id=\(audience)", "redirect_uri=http://localhost:8123/u"], issuer: issuer,
            audience: audience,
            keys: keys ?? ProviderKeys(source: .file("/nonexistent"), keys: jwks, refetchInterval: .seconds(300)))
    }

    static func site(required: Bool = true, providers: [SignInProvider]? = nil) async throws -> TestSite {
        let configuration = try OIDCConfiguration(providers: providers ?? [try signInProvider()], required: required)
        return try await TestSite.start { $0.oidc = configuration }
    }

    /// Sends TmtpRev and a Register carrying `token`; returns the tmtprev JSON and what followed.
    static func register(at site: TestSite, token: String?) async throws -> (tmtprev: String, reply: String) {
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init()))
        let tmtprev = try await peer.next(op: "tmtprev").json
        let oidc = token.map { OIDCToken(tokenType: "Bearer", expiresIn: 3600, accessToken: "a", idToken: $0) }
        try await peer.send(.register(.init(newNode: "n1", newAlias: "_", oidc: oidc)))
        let reply = try await peer.next(where: { ["registered", "quit"].contains($0.header.op) }, "registered or quit")
        await peer.close()
        return (tmtprev, reply.json)
    }

    static let refused = #"{"error":"authentication required","op":"quit"}"#

    /// The provider of the reference server's own verify test, configured the same way: its
    /// `tmtprev` must be the reference's, byte for byte (`&` escaped as Go's encoder does).
    @Test func tmtprevIsTheReferenceFormByteForByte() async throws {
        let keys = ProviderKeys(
            source: .file("/nonexistent"), keys: try JSONWebKeySet(json: try Self.provider().jwks()),
            refetchInterval: .seconds(300))
        let provider = try SignInProvider(
            label: "X", login: ["https://example.com/l", "a", "b"], token: ["https://example.com/t", "c"], std: ["d"],
            issuer: "issuer", audience: "audience", keys: keys)
        let site = try await Self.site(providers: [provider])
        let (tmtprev, _) = try await Self.register(at: site, token: nil)
        #expect(
            tmtprev
                == #"{"auth":1,"authby":[{"label":"X","login":["https://example.com/l","a\u0026b\u0026d"],"token":["https://example.com/t","c\u0026d"]}],"id":"1","name":"quire-test","op":"tmtprev"}"#
        )
        await site.stop()
    }

    @Test func aValidTokenRegistersAndTheSubjectIsRecorded() async throws {
        let site = try await Self.site()
        let (tmtprev, reply) = try await Self.register(at: site, token: try Self.provider().token())
        #expect(tmtprev.hasPrefix(#"{"auth":1,"authby":[{"label":"Example ID","login":["https://id.example.test/"#))
        #expect(reply.contains(#""op":"registered""#))
        let users = try await site.store.users()
        #expect(users.map(\.signIn) == [SignInIdentity(issuer: TestIdentityProvider.issuer, subject: "user-42")])
        await site.stop()
    }

    @Test func invalidOrMissingTokensQuitWithAuthenticationRequired() async throws {
        let site = try await Self.site()
        let provider = try Self.provider()
        let impostor = try #require(TestIdentityProvider.impostor)
        let now = Date().timeIntervalSince1970
        let tokens: [(String, String?)] = [
            ("none", nil),
            ("empty", ""),
            ("bad signature", try impostor.token()),
            ("expired", try provider.token(["exp": now - 600, "iat": now - 1200])),
            ("wrong audience", try provider.token(["aud": "another-site"])),
            ("wrong issuer", try provider.token(["iss": "https://evil.example.test"])),
            ("unknown key", try provider.token(kid: "rotated-away")),
            ("garbage", "not.a.jwt"),
        ]
        for (name, token) in tokens {
            let (_, reply) = try await Self.register(at: site, token: token)
            #expect(reply == Self.refused, "\(name)")
        }
        #expect(try await site.store.users().isEmpty)
        await site.stop()
    }

    @Test func optionalSignInAcceptsNoTokenButStillRefusesABadOne() async throws {
        let site = try await Self.site(required: false)
        #expect(try await Self.register(at: site, token: nil).reply.contains(#""op":"registered""#))
        let expired = try Self.provider().token(["exp": Date().timeIntervalSince1970 - 3600])
        #expect(try await Self.register(at: site, token: expired).reply == Self.refused)
        #expect(try await site.store.users().map(\.signIn) == [nil])
        await site.stop()
    }

    /// Each token is checked against the provider its issuer and audience name, with that provider's keys.
    @Test func eachProviderChecksItsOwnTokens() async throws {
        let other = "https://other.example.test"
        let site = try await Self.site(providers: [
            try Self.signInProvider(label: "First", issuer: other, audience: "first-site"),
            try Self.signInProvider(label: "Second"),
        ])
        let provider = try Self.provider()
        #expect(try await Self.register(at: site, token: provider.token()).reply.contains(#""op":"registered""#))
        let mixed = try provider.token(["iss": other])
        #expect(try await Self.register(at: site, token: mixed).reply == Self.refused)
        let first = try provider.token(["iss": other, "aud": "first-site", "sub": "someone"])
        #expect(try await Self.register(at: site, token: first).reply.contains(#""op":"registered""#))
        #expect(Set(try await site.store.users().compactMap(\.signIn?.issuer)) == [other, TestIdentityProvider.issuer])
        await site.stop()
    }

    /// A token naming a key the site has not seen makes it load the keys again, at most once per interval.
    @Test func anUnknownKeyIDRefetchesTheKeysRateLimited() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/jwks.json"
        let impostor = try #require(TestIdentityProvider.impostor)
        try Self.provider().jwks().write(to: URL(fileURLWithPath: file))
        let keys = try await ProviderKeys.load(from: .file(file), refetchInterval: .seconds(3600))
        let provider = try Self.signInProvider(keys: keys)
        let configuration = try OIDCConfiguration(providers: [provider])
        let site = try await TestSite.start { $0.oidc = configuration }
        // The provider rotates to a new key; the site still has the old set.
        let rotated = try TestIdentityProvider(kid: "test-key-2", key: impostor.key)
        try rotated.jwks().write(to: URL(fileURLWithPath: file))
        #expect(try await Self.register(at: site, token: rotated.token()).reply.contains(#""op":"registered""#))
        #expect(await keys.refetchCount == 1)
        // Another unknown key id within the interval: no second load, refused.
        #expect(try await Self.register(at: site, token: rotated.token(kid: "test-key-3")).reply == Self.refused)
        #expect(await keys.refetchCount == 1)
        await site.stop()
    }

    @Test func providerSettingsAreCheckedAsTheReferenceChecksThem() throws {
        let keys = ProviderKeys(
            source: .file("/nonexistent"), keys: try JSONWebKeySet(json: try Self.provider().jwks()),
            refetchInterval: .seconds(300))
        func make(login: [String] = ["https://id.example.test/a", "x=1"], token: [String] = ["http://127.0.0.1:9/t"])
            throws(SignInProviderError)
        {
            _ = try SignInProvider(
                label: "L", login: login, token: token, std: [], issuer: "i", audience: "a", keys: keys)
        }
        #expect(throws: SignInProviderError.noParameters("token")) { try make() }
        #expect(throws: SignInProviderError.missing("login")) { try make(login: []) }
        #expect(throws: SignInProviderError.insecureURL("login", "http://id.example.test/a")) {
            try make(login: ["http://id.example.test/a", "x=1"], token: ["https://id.example.test/t", "y=2"])
        }
        #expect(throws: OIDCConfigurationError.invalidAuth(3)) { try OIDCConfiguration(auth: 3, providers: []) }
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
