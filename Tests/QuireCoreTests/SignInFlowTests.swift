import Foundation
import QuireTestSupport
import TMTP
import TMTPServer
import Testing

@testable import QuireCore

/// Signing in with a site's provider, end to end: a local identity provider and a site on 127.0.0.1,
/// the flow as the CLI and the TUI drive it, and Register with the token result.
@Suite("Sign-in flow")
struct SignInFlowTests {
    /// Registers `device`'s account with `token`, as `quire account add` does after signing in.
    static func register(on fixture: SignInFixture, token: OIDCToken?) async throws -> TestDevice {
        let device = try TestDevice(directory: try TemporaryDirectory(), account: "main") {
            $0.signInToken = token
        }
        try await device.client.addAccount(name: "main", site: fixture.site.address, alias: "signed-in-user")
        return device
    }

    static func signIn(_ fixture: SignInFixture, device: TestDevice) async throws -> SignInFlow {
        let options = try await SiteProbe.signInOptions(
            of: fixture.site.address, configuration: SyncConfiguration(home: device.home))
        #expect(options.map(\.label) == ["Local ID"])
        return await SignInFlow.start(options, index: try SignInFlow.choose(nil, from: options))
    }

    @Test func loopbackRedirectSignsInAndRegisters() async throws {
        let redirect = "http://127.0.0.1:\(freeLoopbackPort())/u"
        let fixture = try await SignInFixture.start(redirect: redirect)
        let probe = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        let flow = try await Self.signIn(fixture, device: probe)
        #expect(flow.listens)
        #expect(flow.authorizationURL.contains("code_challenge_method=S256&code_challenge="))
        // The browser: the provider sends it back to the listener, which was listening before the URL was shown.
        let location = try await TestBrowser.authorize(flow.authorizationURL)
        #expect(location.hasPrefix(redirect + "?code="))
        #expect(try await TestBrowser.visit(location) == 200)
        var targets = flow.redirects.makeAsyncIterator()
        let target = try #require(await targets.next())
        let token = try await flow.finish(redirect: target)
        await flow.close()
        #expect(token.tokenType == "Bearer" && !token.idToken.isEmpty)

        let device = try await Self.register(on: fixture, token: token)
        await device.sync.start()
        try await device.waitOnline()
        let users = try await fixture.site.store.users()
        #expect(users.map(\.signIn) == [SignInIdentity(issuer: fixture.provider.issuer, subject: "user-42")])
        await device.sync.stop()
        await fixture.stop()
    }

    @Test func pastedRedirectSignsInWhenTheRedirectIsNotThisMachine() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
        let probe = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        let flow = try await Self.signIn(fixture, device: probe)
        #expect(!flow.listens)
        let location = try await TestBrowser.authorize(flow.authorizationURL)
        #expect(throws: SignInError.notARedirect("just some text")) { try flow.code(in: "just some text") }
        let token = try await flow.finish(redirect: "  " + location + "\n")
        let device = try await Self.register(on: fixture, token: token)
        await device.sync.start()
        try await device.waitOnline()
        #expect(try await fixture.site.store.users().count == 1)
        await device.sync.stop()
        await fixture.stop()
    }

    @Test func deniedSignInStateMismatchAndARefusedCodeAreClearErrors() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
        let probe = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        let flow = try await Self.signIn(fixture, device: probe)
        let location = try await TestBrowser.authorize(flow.authorizationURL)

        let forged = location.replacingOccurrences(of: "state=A", with: "state=B")
        await #expect(throws: SignInError.stateMismatch) { try await flow.finish(redirect: forged) }
        #expect(fixture.provider.tokenRequests == 0)
        _ = try await flow.finish(redirect: location)
        // A code works once.
        await #expect(throws: SignInError.tokenRefused("invalid_grant: code or verifier")) {
            try await flow.finish(redirect: location)
        }
        // Another flow's verifier cannot use this flow's code.
        let other = try await Self.signIn(fixture, device: probe)
        let code = try flow.code(in: try await TestBrowser.authorize(flow.authorizationURL))
        let state = try #require(other.authorizationURL.split(separator: "state=").last)
        await #expect(throws: SignInError.tokenRefused("invalid_grant: code or verifier")) {
            try await other.finish(redirect: "code=\(code)&state=\(state)")
        }

        fixture.provider.deny()
        let denied = try await TestBrowser.authorize(flow.authorizationURL)
        await #expect(throws: SignInError.denied("access_denied", nil)) { try await flow.finish(redirect: denied) }
        await fixture.stop()
    }

    @Test func anUnreachableProviderIsAClearError() async throws {
        let port = freeLoopbackPort()
        let option = SignInOption(
            label: "Gone",
            login: .init(url: "http://127.0.0.1:\(port)/authorize", parameters: "client_id=x"),
            token: .init(url: "http://127.0.0.1:\(port)/token", parameters: "grant_type=authorization_code"))
        let flow = await SignInFlow.start([option], index: 0)
        let state = try #require(flow.authorizationURL.split(separator: "state=").last)
        do {
            _ = try await flow.finish(redirect: "code=c&state=\(state)")
            Issue.record("a closed port gave a token")
        } catch {
            guard case .unreachable(let url, let reason) = error else { throw error }
            #expect(url == "http://127.0.0.1:\(port)/token")
            // Said at once, in the system's words (not retried until the connect timeout).
            #expect(reason == "Connection refused")
        }
        #expect(throws: SignInError.chooseProvider(["Gone", "Gone"])) {
            try SignInFlow.choose(nil, from: [option, option])
        }
        #expect(throws: SignInError.unknownProvider("Other", ["Gone"])) {
            try SignInFlow.choose("Other", from: [option])
        }
    }

    @Test func aTokenTheSiteRefusesLeavesNothingRegistered() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
        fixture.provider.issue(claims: ["aud": "another-site"])
        let probe = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        let flow = try await Self.signIn(fixture, device: probe)
        let token = try await flow.finish(redirect: try await TestBrowser.authorize(flow.authorizationURL))
        let device = try await Self.register(on: fixture, token: token)
        await device.sync.start()
        try await eventually("refused") {
            if case .rejected = await device.sync.state { return true }
            return false
        }
        guard case .rejected(let reason) = await device.sync.state else { return }
        #expect(reason.contains("the site refused the sign-in (authentication required)"))
        #expect(try await fixture.site.store.users().isEmpty)
        #expect(try await device.store.account(named: "main")?.uid == nil)
        await device.sync.stop()
        await fixture.stop()
    }

    @Test func providersAreReadFromTheReferenceFormOfTmtprev() throws {
        let json = Array(
            #"{"auth":1,"authby":[{"label":"X","login":["https://example.com/l","a\u0026b\u0026redirect_uri=http%3A%2F%2Flocalhost%3A8123%2Fu"],"token":["https://example.com/t","c\u0026d"]},{"label":"broken"}],"id":"1","name":"Verify","op":"tmtprev"}"#
                .utf8)
        guard case .tmtprev(let reply) = try ServerMessage.decode(json: json[...]) else {
            Issue.record("not a tmtprev")
            return
        }
        let options = SignInOption.offered(by: reply)
        #expect(options.map(\.label) == ["X"])
        #expect(options.first?.login.value(of: "redirect_uri") == "http://localhost:8123/u")
        #expect(options.first?.token == .init(url: "https://example.com/t", parameters: "c&d"))
    }
}
