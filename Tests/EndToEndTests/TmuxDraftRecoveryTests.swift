import Foundation
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// Nothing typed is lost: the real `quire` in tmux, writing a new thread, is killed (SIGKILL, as
    /// the OOM killer does) or loses its window (SIGHUP, a dropped SSH link) at a random moment,
    /// and the draft in the store holds what was on screen (up to the last 2 s after a SIGKILL,
    /// all of it after a SIGHUP); the next start says so and `:draft` reopens it.
    @Suite("Drafts survive a killed process and a closed window, end to end in tmux", .serialized)
    struct TmuxDraftRecoveryTests {
        /// One line of body text, typed a word at a time with pauses, each word stamped with when it
        /// was sent.
        private struct Typing {
            var text = ""
            var stamps: [(end: Int, at: ContinuousClock.Instant)] = []

            /// The text sent at or before `instant`.
            func sent(before instant: ContinuousClock.Instant) -> String {
                let end = stamps.last { $0.at <= instant }?.end ?? 0
                return String(text.prefix(end))
            }
        }

        private static func draftList(_ quire: URL, home: String) async throws -> [[String: Any]] {
            let result = try await ChildProcess.run(quire, ["draft", "list", "--home", home, "--json"], seconds: 30)
            try #require(result.status == 0, "quire draft list failed: \(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return try #require(object?["drafts"] as? [[String: Any]])
        }

        private static func processIsGone(_ pid: pid_t) async -> Bool {
            for _ in 0..<100 {
                if kill(pid, 0) != 0 { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// Starts quire in tmux with `exec`, so the pane's process is quire itself; returns its pid.
        private static func startQuire(_ tmux: Tmux, quire: String, home: String, root: URL) async throws -> pid_t {
            let pidFile = root.appendingPathComponent("quire.pid").path
            try? FileManager.default.removeItem(atPath: pidFile)
            try tmux.start(
                command:
                    "echo $$ > '\(pidFile)'; exec env TERM=xterm-256color LANG=C.UTF-8 '\(quire)' --home '\(home)'",
                columns: 100, rows: 30)
            try await tmux.waitFor(" LIST ")
            let text = try String(contentsOfFile: pidFile, encoding: .utf8)
            return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        /// Types words into the composer's body with pauses of 50 to 400 ms for `duration`.
        private static func typeWords(_ tmux: Tmux, for duration: Duration, into typing: inout Typing) async throws {
            let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
            let end = ContinuousClock.now + duration
            var index = 0
            while ContinuousClock.now < end {
                let word = words[index % words.count] + "\(index) "
                try tmux.type(word)
                typing.text += word
                typing.stamps.append((typing.text.count, .now))
                index += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
            }
        }

        @Test(
            "SIGKILL keeps all but the last 2 s; the next start tells; SIGHUP keeps it all; one draft throughout",
            .enabled(if: TmuxEndToEndTests.tmuxAvailable, "tmux is not installed: skipping the draft recovery test"),
            .timeLimit(.minutes(3)))
        func typedTextSurvives() async throws {
            let quire = try BuiltProducts.executable("quire")
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "quire-drafts-\(getpid())-\(UInt16.random(in: 0...9999))")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            let server = try await SiteDaemon.start(
                dataDirectory: root.appendingPathComponent("site").path, name: "drafts-site")
            defer { server.terminate() }
            let home = root.appendingPathComponent("alice").path
            let added = try await ChildProcess.run(
                quire,
                [
                    "account", "add", "alice", "--home", home, "--site", "=127.0.0.1:\(server.port)", "--alias",
                    "alice-drafts",
                ])
            try #require(added.status == 0, "account add failed: \(added.stderr)")

            // A new thread: To, Subject, then Enter past the Attach line into the body.
            let tmux = Tmux(socket: "quire-drafts-\(getpid())")
            defer { tmux.killServer() }
            var pid = try await Self.startQuire(tmux, quire: quire.path, home: home, root: root)
            try tmux.send("c")
            try await tmux.waitFor("Attach:")
            try tmux.type("bobby-example")
            try tmux.send("Enter")
            try tmux.type("Notes from the kill test")
            try tmux.send("Enter")
            try tmux.send("Enter")
            var typing = Typing()
            try await Self.typeWords(tmux, for: .milliseconds(Int.random(in: 2500...4500)), into: &typing)
            let killedAt = ContinuousClock.now
            #expect(kill(pid, SIGKILL) == 0)
            #expect(await Self.processIsGone(pid))
            tmux.killServer()

            var drafts = try await Self.draftList(quire, home: home)
            try #require(drafts.count == 1, "\(drafts)")
            #expect(drafts[0]["subject"] as? String == "Notes from the kill test")
            #expect(drafts[0]["to"] as? [String] == ["bobby-example"])
            let afterKill = try #require(drafts[0]["body"] as? String)
            let surely = typing.sent(before: killedAt - .seconds(2))
            #expect(
                afterKill.hasPrefix(surely),
                "saved \(afterKill.debugDescription), typed 2 s before the kill \(surely.debugDescription)")
            #expect(typing.text.hasPrefix(afterKill), "saved \(afterKill.debugDescription) was never typed")

            // The next start says a draft was recovered, on the status line; `:draft` reopens it.
            pid = try await Self.startQuire(tmux, quire: quire.path, home: home, root: root)
            let notice = try await tmux.waitFor(":draft reopens the unsent draft recovered")
            #expect(notice.contains("Notes from the kill test"))
            try tmux.send(":")
            try tmux.type("draft")
            try tmux.send("Enter")
            try await tmux.waitFor("Attach:")
            let reopened = try await tmux.waitFor("Notes from the kill test")
            #expect(reopened.contains(String(afterKill.split(separator: " ").last ?? "")))

            // More text (the reopened draft waits at the end of its body), then the window closes:
            // everything on screen is kept, in the same draft.
            var more = Typing()
            try await Self.typeWords(tmux, for: .milliseconds(Int.random(in: 300...1500)), into: &more)
            try tmux.type("omega")
            more.text += "omega"
            try await tmux.waitFor("omega")
            tmux.killServer()  // the pane's process gets SIGHUP
            #expect(await Self.processIsGone(pid))

            drafts = try await Self.draftList(quire, home: home)
            try #require(drafts.count == 1, "\(drafts)")
            #expect(drafts[0]["body"] as? String == afterKill + more.text)
        }
    }
}
