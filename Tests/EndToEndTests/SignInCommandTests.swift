import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// `quire account add` on a site that signs people in, against a local identity provider: the
    /// browser is the test, coming back to quire's loopback listener or copied and pasted.
    @Suite("quire account add with sign-in")
    struct SignInCommandTests {
        /// Starts `quire account add` and returns it once it printed the authorization URL.
        static func start(_ user: QuireUser, site: String, input: Pipe? = nil) async throws
            -> (RunningProcess, String)
        {
            let running = try ChildProcess.start(
                try BuiltProducts.executable("quire"),
                ["account", "add", "main", "--site", site, "--alias", "signed-in-user", "--home", user.home.path],
                input: input)
            @Sendable func printedURL() -> String? {
                running.stderrText.split(separator: "\n").first { $0.contains("/authorize?") }.map(String.init)
            }
            try await eventually("the authorization URL is printed") {
                printedURL() != nil || !running.process.isRunning
            }
            return (running, try #require(printedURL(), "quire wrote: \(running.stderrText)"))
        }

        @Test func theBrowserComesBackToTheLoopbackListener() async throws {
            let redirect = "http://127.0.0.1:\(freeLoopbackPort())/u"
            let fixture = try await SignInFixture.start(redirect: redirect)
            let user = try QuireUser(alias: "signed-in-user")
            let (running, url) = try await Self.start(user, site: fixture.site.address)
            #expect(running.stderrText.contains("the site signs you in with: Local ID"))
            // The URL stands on a line of its own.
            #expect(url.hasPrefix(fixture.provider.base + "/authorize?response_type=code&scope=openid&client_id="))
            #expect(try await TestBrowser.visit(try await TestBrowser.authorize(url)) == 200)
            #expect(await running.exited(within: 60))
            let result = running.result()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("added main (uid "))
            #expect(try await fixture.site.store.users().first?.signIn?.subject == "user-42")
            user.remove()
            await fixture.stop()
        }

        @Test func overSSHTheRedirectIsPasted() async throws {
            let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
            let user = try QuireUser(alias: "signed-in-user")
            let input = Pipe()
            let (running, url) = try await Self.start(user, site: fixture.site.address, input: input)
            let location = try await TestBrowser.authorize(url)
            input.fileHandleForWriting.write(Data("not the address\n".utf8))
            try await eventually("a wrong paste is explained") { running.stderrText.contains("paste the whole URL") }
            input.fileHandleForWriting.write(Data((location + "\n").utf8))
            #expect(await running.exited(within: 60))
            let result = running.result()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try await fixture.site.store.users().count == 1)
            user.remove()
            await fixture.stop()
        }

        /// A site where signing in is optional still lists its provider, as the reference server's
        /// does; `--no-sign-in` registers without it, and a site that requires it refuses.
        @Test func noSignInRegistersWhereSignInIsOptional() async throws {
            for required in [false, true] {
                let fixture = try await SignInFixture.start(
                    redirect: "https://app.example.test/signed-in", required: required)
                let user = try QuireUser(alias: "signed-in-user")
                let result = try await user.quire(
                    "account", "add", "main", "--site", fixture.site.address, "--alias", "signed-in-user",
                    "--no-sign-in")
                if required {
                    #expect(result.status != 0)
                    #expect(result.stderr.contains("the site requires sign-in"), "\(result.stderr)")
                    #expect(try await user.quire("account", "list").stdout.isEmpty)
                    #expect(try await fixture.site.store.users().isEmpty)
                } else {
                    #expect(result.status == 0, "\(result.stderr)")
                    #expect(!result.stderr.contains("/authorize?"))
                    #expect(result.stdout.contains("added main (uid "))
                    #expect(try await fixture.site.store.users().first?.signIn == nil)
                }
                user.remove()
                await fixture.stop()
            }
        }

        @Test func aDeniedSignInAddsNothing() async throws {
            let fixture = try await SignInFixture.start(redirect: "https://app.example.test/signed-in")
            fixture.provider.deny()
            let user = try QuireUser(alias: "signed-in-user")
            let input = Pipe()
            let (running, url) = try await Self.start(user, site: fixture.site.address, input: input)
            input.fileHandleForWriting.write(Data((try await TestBrowser.authorize(url) + "\n").utf8))
            #expect(await running.exited(within: 60))
            let result = running.result()
            #expect(result.status != 0)
            #expect(
                result.stderr.contains(
                    "main: the sign-in was denied by the provider (access_denied); the account was not added"))
            #expect(try await user.quire("account", "list").stdout.isEmpty)
            #expect(try await fixture.site.store.users().isEmpty)
            user.remove()
            await fixture.stop()
        }
    }
}
