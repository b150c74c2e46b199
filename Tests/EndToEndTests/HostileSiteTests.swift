import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// `quire sync --once` against a site that breaks the protocol after login: it says what the site
    /// did, exits non-zero, and the account still works once the site behaves.
    @Suite("a broken or hostile site", .serialized)
    struct HostileSiteTests {
        /// Registers on `site`, runs one sync (the site misbehaves on that login), then a second one
        /// (the site behaves); returns the first sync's result.
        private static func syncAgainst(_ site: HostileSite) async throws -> ProcessResult {
            let user = try QuireUser(alias: "targeted-user")
            defer { user.remove() }
            try await user.succeed("account", "add", "main", "--site", site.address, "--alias", user.alias)
            let first = try await user.quire("sync", "--once")
            #expect(first.status != 0)
            #expect(!first.stderr.contains("timed out"), "\(first.stderr)")
            let account = try #require(
                (try await user.succeed("account", "list", "--json").json()["accounts"] as? [[String: Any]])?.first)
            #expect(account["state"] as? String == "registered")
            try await user.succeed("sync", "--once")
            return first
        }

        @Test("a malformed header is named as such, not as `offline (invalidHeader)`")
        func malformedHeader() async throws {
            let site = try await HostileSite.start(.malformedHeader)
            let result = try await Self.syncAgainst(site)
            await site.stop()
            #expect(result.stderr.contains("the site sent a malformed message (invalid header)"), "\(result.stderr)")
            #expect(!result.stderr.contains("invalidHeader"))
        }

        @Test("a delivery announcing 8 GB is refused in words naming its size and sender, with a non-zero exit")
        func oversizedDelivery() async throws {
            let site = try await HostileSite.start(.oversizedDelivery(8_000_000_000))
            let result = try await Self.syncAgainst(site)
            await site.stop()
            #expect(result.stderr.contains("8,000,000,000 bytes"), "\(result.stderr)")
            #expect(result.stderr.contains("from \(HostileSite.senderUID)"), "\(result.stderr)")
            #expect(result.stderr.contains("more than"))
        }
    }
}
