import Dispatch
import Foundation
import QuireTestSupport
import Testing

@testable import QuireTUI

/// The add-site prompts on a site that signs people in: the authorization URL as an OSC 8 link,
/// and the address the browser ends on pasted at the prompt.
@Suite("Add site with sign-in")
struct AddSiteSignInTests {
    /// Runs `body` (a browser's request) from the UI thread of the harness.
    static func blocking<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Value, any Error>?
        Task {
            do { result = .success(try await body()) } catch { result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try #require(result).get()
    }

    static func addSite(
        _ address: String, app: QuireApp, grid: GridTerminal, name: String = "main", alias: String = "signed-in-user",
        until prompt: String = "paste the address the browser ends on"
    ) throws {
        try grid.press("a", in: app)
        for answer in [name, address, alias, ""] {
            grid.inject(typing: answer)
            try grid.press("<Enter>", in: app)
        }
        app.settle(grid) { $0.contains(prompt) }
    }

    /// Signs in at the link shown, pastes the address the browser ended on, and returns the links.
    static func signInInBrowser(app: QuireApp, grid: GridTerminal) throws -> [(row: Int, column: Int, url: String)] {
        let links = grid.links
        let url = try #require(links.first?.url)
        let location = try Self.blocking { try await TestBrowser.authorize(url) }
        grid.inject(typing: location)
        try grid.press("<Enter>", in: app)
        app.settle(grid) { $0.contains("added main") }
        return links
    }

    @Test func theLinkIsShownAndThePastedAddressSignsIn() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
        let provider = fixture.provider
        let (links, screen, accounts) = try await AppHarness.run(columns: 100, seed: false) { app, grid, services in
            try Self.addSite(fixture.site.address, app: app, grid: grid)
            let links = try Self.signInInBrowser(app: app, grid: grid)
            return (links, grid.screenText, try services.reader.accounts())
        }
        #expect(links.count == 1)
        #expect(links.first?.url.hasPrefix(provider.base + "/authorize?response_type=code") == true)
        #expect(links.first?.row == 22, "over the status line")
        #expect(screen.contains("added main"))
        #expect(provider.tokenRequests == 1)
        #expect(accounts.map(\.name) == ["main"])
        await fixture.stop()
    }

    @Test func cancellingTheSignInAddsNothing() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
        let (screen, accounts) = try await AppHarness.run(seed: false) { app, grid, services in
            try Self.addSite(fixture.site.address, app: app, grid: grid)
            try grid.press("<Esc>", in: app)
            app.settle(grid) { $0.contains("sign-in cancelled") }
            return (grid.screenText, try services.reader.accounts())
        }
        #expect(screen.contains("sign-in cancelled; main was not added"))
        #expect(accounts.isEmpty)
        await fixture.stop()
    }

    @Test func severalProvidersArePickedByNumber() async throws {
        let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in", providerCount: 2)
        let (choice, mistake, links, screen) = try await AppHarness.run(columns: 160, seed: false) { app, grid, _ in
            try Self.addSite(fixture.site.address, app: app, grid: grid, until: "sign in with 1 Local ID, 2 Other ID 2")
            let choice = grid.screenText
            grid.inject(typing: "7")
            try grid.press("<Enter>", in: app)
            app.settle(grid) { $0.contains("type a provider's number, 1 to 2, or 0") }
            let mistake = grid.screenText
            grid.inject(typing: "2")
            try grid.press("<Enter>", in: app)
            app.settle(grid) { $0.contains("paste the address the browser ends on") }
            let links = try Self.signInInBrowser(app: app, grid: grid)
            return (choice, mistake, links, grid.screenText)
        }
        #expect(choice.contains("0 registers without signing in"))
        #expect(mistake.contains("sign in with 1 Local ID"), "the prompt stays for another answer")
        #expect(links.first?.url.hasPrefix(fixture.providers[1].base + "/authorize?") == true)
        #expect(screen.contains("added main"))
        #expect(fixture.providers.map(\.tokenRequests) == [0, 1])
        await fixture.stop()
    }

    @Test func zeroAddsTheSiteWithoutSigningInAndEscAddsNothing() async throws {
        let fixture = try await SignInFixture.start(
            redirect: "https://app.example.test/signed-in", required: false, providerCount: 2)
        let (added, cancelled) = try await AppHarness.run(columns: 160, seed: false) { app, grid, services in
            try Self.addSite(fixture.site.address, app: app, grid: grid, until: "sign in with 1 Local ID")
            grid.inject(typing: "0")
            try grid.press("<Enter>", in: app)
            app.settle(grid) { $0.contains("added main") }
            let added = try services.reader.accounts().map(\.name)
            try Self.addSite(
                fixture.site.address, app: app, grid: grid, name: "second", alias: "another-user",
                until: "sign in with 1 Local ID")
            try grid.press("<Esc>", in: app)
            app.settle(grid) { $0.contains("sign-in cancelled; second was not added") }
            return (added, try services.reader.accounts().map(\.name))
        }
        #expect(added == ["main"])
        #expect(cancelled == ["main"])
        #expect(fixture.providers.map(\.tokenRequests) == [0, 0])
        await fixture.stop()
    }
}
