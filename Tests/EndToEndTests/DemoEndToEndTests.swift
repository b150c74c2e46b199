import Foundation
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// The built `quire demo` in tmux: what a newcomer does in the first minute, then quitting
    /// with nothing left running.
    @Suite("quire demo end to end in tmux", .serialized)
    struct DemoEndToEndTests {
        @Test(
            "read a thread, reply and see the answer arrive, page a deck, search, quit with nothing left",
            .enabled(
                if: TmuxEndToEndTests.tmuxAvailable, "tmux is not installed: skipping the quire demo terminal test"),
            .timeLimit(.minutes(3)))
        func newcomerSession() async throws {
            let quire = try BuiltProducts.executable("quire").path
            let tmux = Tmux(socket: "quire-demo-e2e-\(getpid())")
            defer { tmux.killServer() }
            // The shell stays after quire, so its exit status and last words can be read.
            try tmux.start(
                command: "TERM=xterm-256color LANG=C.UTF-8 '\(quire)' demo; echo quire-exit=$?; sleep 60", columns: 100,
                rows: 30)

            // Starting a site and seeding it takes a second or two, longer on a loaded machine.
            try await tmux.waitFor("Welcome to Quire: start here", seconds: 90)
            try tmux.send("Enter")
            try await tmux.waitFor("From: ada.lovelace")

            try tmux.send("R")
            try await tmux.waitFor("(everyone on the thread)")
            try tmux.type("Hello Ada, this is the tmux test.")
            try tmux.send("C-x")
            try tmux.send("y")
            // The demo people answer within a second or two; the sync brings the answer in.
            let answered = try await tmux.waitFor("new from ada.lovelace", seconds: 20)
            #expect(answered.contains(" READ "), "the reader is back after sending")

            try tmux.send("q")
            try await tmux.waitFor(" LIST ")
            try tmux.send("/")
            try tmux.type("four slides")
            try tmux.send("Enter")
            try await tmux.waitFor("1 matches")
            try tmux.send("Enter")
            try await tmux.waitFor("slide 1/4")
            try tmux.send("]")
            try await tmux.waitFor("slide 2/4")

            try tmux.send("q")
            try await tmux.waitFor(" MATCHES ")
            try tmux.send("q")
            try await tmux.waitFor(" LIST ")
            try tmux.send("q")

            let last = try await tmux.waitFor("quire-exit=")
            #expect(last.contains("quire-exit=0"), "\(last)")
            #expect(last.contains("quire demo: stopped; nothing left running or on disk"), "\(last)")
            let lines = last.split(separator: "\n")
            let port = try #require(
                lines.first { $0.contains("address:") }.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })
            #expect(!acceptsConnections(port: port), "nothing listens on the demo's port \(port) any more")
            let home = try #require(lines.first { $0.contains("account:") }?.split(separator: " in ").last)
            #expect(!FileManager.default.fileExists(atPath: String(home)), "the demo home was removed")
        }

        @Test(
            "closing the terminal window with the reader open stops the demo: process gone, temporary directories deleted",
            .enabled(
                if: TmuxEndToEndTests.tmuxAvailable, "tmux is not installed: skipping the quire demo terminal test"),
            .timeLimit(.minutes(3)))
        func windowClosedInReader() async throws {
            let quire = try BuiltProducts.executable("quire").path
            let tmux = Tmux(socket: "quire-demo-hup-\(getpid())")
            defer { tmux.killServer() }
            // The demo's directories go under a temporary directory of this run's own; `exec` keeps
            // the shell's pid for quire, so the pid file names the demo process.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "quire-demo-hup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let pidFile = scratch.appendingPathComponent("pid").path
            try tmux.start(
                command: "echo $$ > '\(pidFile)'; exec env TMPDIR='\(scratch.path)' TERM=xterm-256color LANG=C.UTF-8 "
                    + "'\(quire)' demo",
                columns: 100, rows: 30)
            try await tmux.waitFor("Welcome to Quire: start here", seconds: 90)
            try tmux.send("Enter")
            try await tmux.waitFor("From: ada.lovelace")
            let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
            let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            let demoDirectories = { () -> [String] in
                ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).filter {
                    $0.hasPrefix("quire-demo-")
                }
            }
            #expect(!demoDirectories().isEmpty, "the demo made its directories under the scratch directory")

            // The window closes: SIGHUP (more than one), then reads end and writes fail.
            tmux.killServer()
            for _ in 0..<100 where Self.isRunning(pid) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!Self.isRunning(pid), "the demo ended after its window closed")
            #expect(demoDirectories().isEmpty, "no temporary directory of the demo is left: \(demoDirectories())")
        }

        /// Whether process `pid` exists and is not a zombie waiting to be reaped.
        static func isRunning(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            return state != "Z" && state != "X"
        }
    }
}
