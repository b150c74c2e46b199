import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// Joining sites that do not take everyone: invite codes and links, refusals that waiting will
    /// not change, and a site whose certificate changed. Every step runs `quire` against `tmtpd`.
    @Suite("joining a site that is not open", .serialized)
    struct JoiningTests {
        /// The accounts `quire account list` shows.
        private static func accounts(_ user: QuireUser) async throws -> [[String: Any]] {
            try #require(try await user.succeed("account", "list", "--json").json()["accounts"] as? [[String: Any]])
        }

        /// A refusal is reported as what the site refused, promptly, with nothing left queued.
        private static func expectRefusal(
            _ result: ProcessResult, saying words: String, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            #expect(result.status != 0, sourceLocation: sourceLocation)
            #expect(result.stderr.contains(words), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("retrying"), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("stays queued"), "\(result.stderr)", sourceLocation: sourceLocation)
        }

        @Test("an invite-only site: refused without a code or with a bad one; a code or a link registers")
        func inviteOnly() async throws {
            let site = try await SiteProcess.start(extra: ["--registration", "invite"])
            defer { site.stop() }
            let user = try QuireUser(alias: "invited-user")
            defer { user.remove() }

            let bare = try await user.quire("account", "add", "main", "--site", site.address, "--alias", user.alias)
            Self.expectRefusal(bare, saying: "registration requires an invite")
            #expect(bare.stderr.contains("invite code or link"))
            #expect(try await Self.accounts(user).isEmpty)

            let wrong = try await user.quire(
                "account", "add", "main", "--site", site.address, "--alias", user.alias, "--invite", "not-a-real-code")
            Self.expectRefusal(wrong, saying: "refused the invite code")
            #expect(try await Self.accounts(user).isEmpty)

            let code = try await site.createInvite()
            let added = try await user.succeed(
                "account", "add", "main", "--site", site.address, "--alias", user.alias, "--invite", code, "--json")
            let account = try #require(try added.json()["account"] as? [String: Any])
            #expect(account["uid"] is String)
            #expect(account["alias"] as? String == user.alias)
            // The code was used up: the account logs in from now on without it.
            try await user.succeed("sync", "--once")

            // A link carries the site and its pin as well as the code: no --site needed.
            let other = try QuireUser(alias: "linked-user")
            defer { other.remove() }
            let pin = try #require(site.address.split(separator: "#").last)
            let link = "tmtp://127.0.0.1:\(site.daemon.port)/?invite=\(try await site.createInvite())&pin=\(pin)"
            let linked = try await other.succeed(
                "account", "add", "main", "--invite", link, "--alias", other.alias, "--json")
            let linkedAccount = try #require(try linked.json()["account"] as? [String: Any])
            #expect(linkedAccount["uid"] is String)
            #expect(linkedAccount["site"] as? String == site.address)
        }

        @Test("tmtpd invite create --link prints a link that pins the site; quire registers with the link alone")
        func inviteLink() async throws {
            let site = try await SiteProcess.start(extra: ["--registration", "invite"])
            defer { site.stop() }
            let tmtpd = try BuiltProducts.executable("tmtpd")
            let made = try await ChildProcess.run(
                tmtpd,
                ["invite", "create", "--data-dir", site.directory.path, "--link", "127.0.0.1:\(site.daemon.port)"])
            try #require(made.status == 0, "\(made.stderr)")
            let lines = made.stdout.split(separator: "\n").map(String.init)
            let pin = try #require(site.address.split(separator: "#").last)
            #expect(lines.count == 2)
            #expect(lines.last == "tmtp://127.0.0.1:\(site.daemon.port)/?invite=\(lines[0])&pin=\(pin)")

            let user = try QuireUser(alias: "mailed-link-user")
            defer { user.remove() }
            let added = try await user.succeed(
                "account", "add", "main", "--site", try #require(lines.last), "--alias", user.alias, "--json")
            let account = try #require(try added.json()["account"] as? [String: Any])
            #expect(account["uid"] is String && account["site"] as? String == site.address)

            // A certificate from an authority is not pinned; a wrong --link is refused before a code is made.
            let unpinned = try await ChildProcess.run(
                tmtpd,
                ["invite", "create", "--data-dir", site.directory.path, "--link", "tmtp.example:8444", "--ca-signed"])
            #expect(unpinned.stdout.split(separator: "\n").last?.hasSuffix("&pin=") == false)
            #expect(unpinned.stdout.contains("tmtp://tmtp.example:8444/?invite="))
            let before = try await ChildProcess.run(tmtpd, ["invite", "list", "--data-dir", site.directory.path])
            let wrong = try await ChildProcess.run(
                tmtpd, ["invite", "create", "--data-dir", site.directory.path, "--link", "no-port"])
            #expect(wrong.status != 0 && wrong.stderr.contains("--link must be HOST:PORT"), "\(wrong.stderr)")
            let after = try await ChildProcess.run(tmtpd, ["invite", "list", "--data-dir", site.directory.path])
            #expect(before.stdout == after.stdout, "no code made for a refused link")
        }

        @Test("a closed site is refused at once, the account not added; --offline then sync says the same")
        func closedSite() async throws {
            let site = try await SiteProcess.start(extra: ["--registration", "closed"])
            defer { site.stop() }
            let user = try QuireUser(alias: "closed-out-user")
            defer { user.remove() }
            let added = try await user.quire("account", "add", "main", "--site", site.address, "--alias", user.alias)
            Self.expectRefusal(added, saying: "registration closed")
            #expect(added.stderr.contains("not added"))
            #expect(try await Self.accounts(user).isEmpty)

            try await user.succeed("account", "add", "main", "--site", site.address, "--alias", user.alias, "--offline")
            let sync = try await user.quire("sync", "--once")
            Self.expectRefusal(sync, saying: "registration closed")
            let account = try #require(try await Self.accounts(user).first)
            #expect(account["state"] as? String == "unregistered")
            #expect((account["error"] as? String)?.contains("registration closed") == true)
        }

        @Test("an alias already taken: registered without it, and the command says so with a non-zero exit")
        func aliasTaken() async throws {
            let site = try await SiteProcess.start()
            defer { site.stop() }
            let first = try QuireUser(alias: "popular-alias")
            let second = try QuireUser(alias: "popular-alias")
            defer {
                first.remove()
                second.remove()
            }
            try await first.succeed("account", "add", "main", "--site", site.address, "--alias", first.alias)
            let taken = try await second.quire(
                "account", "add", "main", "--site", site.address, "--alias", second.alias)
            Self.expectRefusal(taken, saying: "without an alias: the site refused \"popular-alias\"")
            let account = try #require(try await Self.accounts(second).first)
            #expect(account["uid"] is String)
            #expect(account["alias"] is NSNull)
        }

        @Test("a trusted-on-first-use site with a new certificate is refused, naming the known-sites file")
        func changedCertificate() async throws {
            var site = try await SiteProcess.start()
            let user = try QuireUser(alias: "wary-user-1")
            defer { user.remove() }
            let port = site.daemon.port
            do {
                try await user.succeed("account", "add", "main", "--site", "=127.0.0.1:\(port)", "--alias", user.alias)
            } catch {
                site.stop()
                throw error
            }
            // A new data directory on the same port: a new self-signed certificate.
            site.stop()
            site = try await SiteProcess.start(port: port)
            defer { site.stop() }
            let sync = try await user.quire("sync", "--once")
            Self.expectRefusal(sync, saying: "CHANGED")
            let knownSites = try #require(
                sync.stderr.split(separator: "(").compactMap { $0.split(separator: ")").first }
                    .first { $0.hasSuffix("known_sites") })
            #expect(FileManager.default.fileExists(atPath: String(knownSites)))
            #expect(try String(contentsOfFile: String(knownSites), encoding: .utf8).contains("127.0.0.1:\(port)"))
        }
    }
}
