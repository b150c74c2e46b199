import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// The real `quire` binary against a real `tmtpd` on 127.0.0.1: every step is a process, as a
    /// user or a script would run it.
    @Suite("quire command line against tmtpd", .serialized)
    struct QuireCLITests {
        /// Two users, each with an account on `site`, registered through `account add`.
        static func twoUsers(on site: SiteProcess) async throws -> (QuireUser, QuireUser) {
            let alice = try QuireUser(alias: "alice-long")
            let bob = try QuireUser(alias: "bobby-long")
            for user in [alice, bob] {
                let added = try await user.succeed(
                    "account", "add", "main", "--site", site.address, "--alias", user.alias, "--json")
                let account = try #require(try added.json()["account"] as? [String: Any])
                #expect(account["uid"] is String)
                #expect(account["alias"] as? String == user.alias)
            }
            return (alice, bob)
        }

        /// Runs `body` with two registered users on a fresh `tmtpd`, and cleans up after it.
        static func withTwoUsers(_ body: (QuireUser, QuireUser) async throws -> Void) async throws {
            let site = try await SiteProcess.start()
            do {
                let (alice, bob) = try await twoUsers(on: site)
                defer {
                    alice.remove()
                    bob.remove()
                }
                try await body(alice, bob)
            } catch {
                site.stop()
                throw error
            }
            site.stop()
        }

        /// Alice pings Bob, Bob accepts and writes first (so Alice learns his uid).
        static func befriend(_ alice: QuireUser, _ bob: QuireUser) async throws -> String {
            try await alice.succeed("ping", "--to", bob.alias, "--text", "hello")
            try await bob.succeed("sync", "--once")
            let contacts = try await bob.succeed("contacts", "--json").json()
            let accounts = try #require(contacts["accounts"] as? [[String: Any]])
            let notices = try #require(accounts.first?["notices"] as? [[String: Any]])
            let notice = try #require(notices.first)
            #expect(notice["kind"] as? String == "ping")
            #expect(notice["from"] as? String == alice.alias)
            let id = try #require(notice["id"] as? Int)
            try await bob.succeed("accept", String(id))
            let sent = try await bob.succeed(
                "send", "--to", alice.alias, "--subject", "Hello Alice", "--body-file", "-", "--json",
                stdin: "First words about #gardening and tomatoes")
            let row = try sent.json()
            #expect(row["state"] as? String == "sent")
            return try #require(row["thread"] as? String)
        }

        @Test("two homes: add, ping, accept, send, sync, threads, read, reply, tag, search, check")
        func conversation() async throws {
            try await Self.withTwoUsers { alice, bob in
                let threadID = try await Self.befriend(alice, bob)

                // Nothing synced yet on Alice's side: check exits 1.
                #expect(try await alice.quire("check").status == 1)
                try await alice.succeed("sync", "--once")
                let check = try await alice.quire("check", "--json")
                #expect(check.status == 0)
                let counts = try check.json()
                #expect(counts["schema"] as? Int == 2)
                #expect(counts["unread"] as? Int == 1)
                // The short path (no argument parser) says the same as the usual one, with the
                // home given after the subcommand or before it.
                let text = try await alice.quire("check")
                #expect(text.status == 0)
                #expect(text.stdout == "main: 1 unread in 1 threads\n")
                let before = try await ChildProcess.run(
                    try BuiltProducts.executable("quire"), ["--home", alice.home.path, "check"])
                #expect(before.status == 0)
                #expect(before.stdout == text.stdout)

                let threads = try await alice.succeed("threads", "--json").json()
                #expect(threads["schema"] as? Int == 2)
                let list = try #require(threads["threads"] as? [[String: Any]])
                #expect(list.count == 1)
                let thread = try #require(list.first)
                #expect(thread["id"] as? String == threadID)
                #expect(thread["subject"] as? String == "Hello Alice")
                #expect(thread["unread"] as? Int == 1)
                #expect(thread["tags"] as? [String] == ["Todo"])
                #expect(thread["hashtags"] as? [String] == ["gardening"])
                #expect(thread["account"] as? String == "main")

                let read = try await alice.succeed("read", threadID)
                #expect(read.stdout.contains("First words about #gardening and tomatoes"))
                #expect(read.stdout.contains("From: bobby-long"))
                #expect(try await alice.quire("check").status == 1)

                // A path that is a pipe (as the shell's <(command) is) reads like a file; a missing
                // one says why and sends nothing.
                let missing = try await alice.quire("reply", threadID, "--body-file", "/nonexistent/body.md")
                #expect(missing.status != 0)
                #expect(missing.stderr.contains("cannot read /nonexistent/body.md: No such file or directory"))
                let reply = try await alice.succeed(
                    "reply", threadID, "--body-file", "/dev/stdin", "--json", stdin: "Ripe tomatoes!")
                #expect(try reply.json()["thread"] as? String == threadID)
                try await bob.succeed("sync", "--once")
                let bobRead = try await bob.succeed("read", threadID, "--json").json()
                let messages = try #require(bobRead["messages"] as? [[String: Any]])
                #expect(
                    messages.map { $0["body"] as? String } == [
                        "First words about #gardening and tomatoes", "Ripe tomatoes!",
                    ])
                #expect(messages.map { $0["state"] as? String } == ["sent", "received"])
                #expect(messages.last?["from"] as? String == alice.alias)

                let search = try await bob.succeed("search", "ripe", "--json").json()
                let hits = try #require(search["hits"] as? [[String: Any]])
                #expect(hits.count == 1)
                #expect(hits.first?["thread"] as? String == threadID)
                #expect(
                    try await bob.succeed("search", "from:\(alice.alias)", "--json").json()["hits"] as? [Any] != nil)

                let tagged = try await bob.succeed("tag", threadID, "+garden", "-Todo", "--json").json()
                #expect(tagged["tags"] as? [String] == ["garden"])
                let byTag = try await bob.succeed("threads", "--tag", "garden", "--json").json()
                #expect((byTag["threads"] as? [[String: Any]])?.count == 1)

                // A broken home is an error: exit 2 for check, non-zero and a message for the rest.
                let file = alice.home.appendingPathComponent("not-a-directory")
                try Data().write(to: file)
                let broken = try await ChildProcess.run(
                    try BuiltProducts.executable("quire"), ["check", "--home", file.path])
                #expect(broken.status == 2)
                #expect(broken.stderr.hasPrefix("quire: "))
            }
        }

        @Test("accept by alias: refused with the candidates' ids when several wait, accepted when one does")
        func acceptByAlias() async throws {
            try await Self.withTwoUsers { alice, bob in
                try await alice.succeed("ping", "--to", bob.alias, "--text", "first")
                try await alice.succeed("ping", "--to", bob.alias, "--text", "second")
                try await bob.succeed("sync", "--once")
                let contacts = try await bob.succeed("contacts", "--json").json()
                let account = try #require((contacts["accounts"] as? [[String: Any]])?.first)
                let notices = try #require(account["notices"] as? [[String: Any]])
                let ids = notices.compactMap { $0["id"] as? Int }
                #expect(ids.count == 2)

                let ambiguous = try await bob.quire("accept", alice.alias)
                #expect(ambiguous.status != 0)
                for id in ids {
                    #expect(ambiguous.stderr.contains("\(id): ping from \(alice.alias)"), "\(ambiguous.stderr)")
                }
                #expect(try await bob.quire("accept", "nobody-by-this-name").status != 0)

                let first = try #require(ids.first)
                try await bob.succeed("accept", String(first), "--ignore")
                let accepted = try await bob.succeed("accept", alice.alias)
                #expect(accepted.stdout.contains("\(alice.alias) is now a contact"))
                let after = try await bob.succeed("contacts", "--json").json()
                let afterAccount = try #require((after["accounts"] as? [[String: Any]])?.first)
                #expect((afterAccount["notices"] as? [Any])?.isEmpty == true)
                let aliases = (afterAccount["contacts"] as? [[String: Any]] ?? []).compactMap { $0["alias"] as? String }
                #expect(aliases.contains(alice.alias))
            }
        }

        @Test("an unreachable site fails after --timeout with a clear message; the work stays queued")
        func timeout() async throws {
            let user = try QuireUser(alias: "lonely-user")
            defer { user.remove() }
            // Port 9 (discard): nothing listens on it here, so every connection attempt is refused.
            let added = try await user.quire(
                "account", "add", "main", "--site", "=127.0.0.1:9", "--alias", user.alias, "--timeout", "1")
            #expect(added.status != 0)
            #expect(added.stderr.contains("timed out"))
            let sync = try await user.quire("sync", "--once", "--timeout", "3")
            #expect(sync.status != 0)
            #expect(sync.stderr.contains("timed out"))
            // Why, in plain words (not the event loop's error dump), even when the link is
            // connecting again at the timeout.
            #expect(sync.stderr.contains("127.0.0.1:9: cannot connect: Connection refused"), "\(sync.stderr)")
            let accounts = try await user.succeed("account", "list", "--json").json()
            #expect((accounts["accounts"] as? [[String: Any]])?.first?["state"] as? String == "unregistered")
        }

        @Test("sync --exec runs the program per new message with QUIRE_* set, never through a shell")
        func execHook() async throws {
            try await Self.withTwoUsers { alice, bob in
                _ = try await Self.befriend(alice, bob)
                let marker = alice.home.appendingPathComponent("shell-ran")
                let subject = "Tricky $(touch \(marker.path)); `touch \(marker.path)`"
                let sent = try await bob.succeed(
                    "send", "--to", alice.alias, "--subject", subject, "--body-file", "-", "--json", stdin: "body")
                let second = try #require(try sent.json()["thread"] as? String)
                let env = try #require(Self.executable("env"))
                let synced = try await alice.succeed("sync", "--once", "--exec", env)
                let lines = synced.stdout.split(separator: "\n").map(String.init)
                #expect(lines.filter { $0 == "QUIRE_ACCOUNT=main" }.count == 2)
                #expect(lines.contains("QUIRE_FROM=\(bob.alias)"))
                #expect(lines.contains("QUIRE_SUBJECT=\(subject)"))
                #expect(lines.contains("QUIRE_THREAD=\(second)"))
                #expect(lines.contains("QUIRE_SUBJECT=Hello Alice"))
                #expect(!FileManager.default.fileExists(atPath: marker.path))
            }
        }

        @Test("a send while `quire sync` runs on the same home goes out once, through the running sync")
        func twoProcessesOneHome() async throws {
            try await Self.withTwoUsers { alice, bob in
                let threadID = try await Self.befriend(alice, bob)
                let running = try bob.startSync(["--watch"])
                let (one, two): (ProcessResult, ProcessResult)
                do {
                    // The long-running sync takes the link (and the account lock) first.
                    try await eventually("the running sync is online") { running.stdoutText.contains("main: online") }
                    async let first = bob.quire(
                        "reply", threadID, "--body-file", "-", "--json", stdin: "one from a second process")
                    async let second = bob.quire(
                        "send", "--to", alice.alias, "--subject", "Parallel", "--body-file", "-", "--json", stdin: "two"
                    )
                    (one, two) = try await (first, second)
                } catch {
                    running.terminate()
                    throw error
                }
                #expect(one.status == 0, "\(one.stderr)")
                #expect(two.status == 0, "\(two.stderr)")
                running.terminate()
                #expect(running.result().stderr.isEmpty)
                try await alice.succeed("sync", "--once")
                let read = try await alice.succeed("read", threadID, "--json").json()
                let bodies = try #require(read["messages"] as? [[String: Any]]).compactMap { $0["body"] as? String }
                #expect(bodies.filter { $0 == "one from a second process" }.count == 1)
                let threads = try await alice.succeed("threads", "--json").json()
                let subjects = try #require(threads["threads"] as? [[String: Any]]).compactMap {
                    $0["subject"] as? String
                }
                #expect(subjects.filter { $0 == "Parallel" }.count == 1)
                // Once more after a second drain: nothing arrives twice.
                try await alice.succeed("sync", "--once")
                let again = try await alice.succeed("read", threadID, "--json").json()
                #expect((again["messages"] as? [[String: Any]])?.count == bodies.count)
            }
        }

        @Test("drafts: save, list, show, send, delete")
        func drafts() async throws {
            try await Self.withTwoUsers { alice, bob in
                let threadID = try await Self.befriend(alice, bob)
                let saved = try await bob.succeed(
                    "draft", "save", "--to", alice.alias, "--subject", "Later", "--body-file", "-", "--json",
                    stdin: "half written")
                let draft = try #require(try saved.json()["draft"] as? [String: Any])
                let id = try #require(draft["id"] as? String)
                #expect(id.hasPrefix("_"))
                let reply = try await bob.succeed(
                    "draft", "save", "--thread", threadID, "--body-file", "-", "--json", stdin: "a reply draft")
                let replyID = try #require((try reply.json()["draft"] as? [String: Any])?["id"] as? String)
                #expect(replyID.hasPrefix(threadID + "_"))
                try await bob.succeed("draft", "save", "--id", id, "--body-file", "-", stdin: "finished now")
                let list = try await bob.succeed("draft", "list", "--json").json()
                #expect(
                    Set((list["drafts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == [id, replyID])
                let shown = try await bob.succeed("draft", "show", id)
                #expect(shown.stdout.contains("finished now"))
                #expect(shown.stdout.contains("Subject: Later"))
                try await bob.succeed("draft", "send", id)
                try await bob.succeed("draft", "delete", replyID)
                #expect((try await bob.succeed("draft", "list", "--json").json()["drafts"] as? [Any])?.isEmpty == true)
                #expect(try await bob.quire("draft", "show", id).status != 0)
                try await alice.succeed("sync", "--once")
                let threads = try await alice.succeed("threads", "--json").json()
                let subjects = (threads["threads"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
                #expect(subjects.contains("Later"))
            }
        }

        private static func executable(_ name: String) -> String? {
            for directory in ["/usr/bin", "/bin"]
            where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
            return nil
        }
    }
}
