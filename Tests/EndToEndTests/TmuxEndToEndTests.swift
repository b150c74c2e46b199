import Foundation
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// The real `quire` binary in tmux against a real `tmtpd` process: two accounts set up with
    /// the command line (alice pings, bob accepts and writes), and alice's terminal client shows
    /// bob's thread as the sync delivers it, and opens it.
    @Suite("End to end in tmux", .serialized)
    struct TmuxEndToEndTests {
        static let tmuxAvailable =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
            || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

        @Test(
            "a thread sent from one account appears in the other's TUI and opens",
            .enabled(if: tmuxAvailable, "tmux is not installed: skipping the end-to-end terminal test"),
            .timeLimit(.minutes(2)))
        func threadArrivesInTUI() async throws {
            let quire = try BuiltProducts.executable("quire").path
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "quire-e2e-\(getpid())-\(UInt16.random(in: 0...9999))")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            let server = try await SiteDaemon.start(
                dataDirectory: root.appendingPathComponent("site").path, name: "e2e-site")
            defer { server.terminate() }
            let site = "=127.0.0.1:\(server.port)"
            let alice = root.appendingPathComponent("alice").path
            let bob = root.appendingPathComponent("bob").path

            try run(quire, ["account", "add", "alice", "--home", alice, "--site", site, "--alias", "alice-example"])
            try run(quire, ["account", "add", "bob", "--home", bob, "--site", site, "--alias", "bobby-example"])
            try run(quire, ["ping", "--home", alice, "--to", "bobby-example", "--text", "hello"])
            try run(quire, ["sync", "--once", "--home", bob])
            try run(quire, ["accept", "1", "--home", bob])
            let body = root.appendingPathComponent("body.md").path
            try "# Agenda\n\nThe **plan** for Friday.\n".write(toFile: body, atomically: true, encoding: .utf8)
            try run(
                quire,
                ["send", "--home", bob, "--to", "alice-example", "--subject", "Hello from tmux", "--body-file", body])

            let tmux = Tmux(socket: "quire-e2e-\(getpid())")
            defer { tmux.killServer() }
            try tmux.start(
                command: "TERM=xterm-256color LANG=C.UTF-8 '\(quire)' --home '\(alice)'", columns: 100, rows: 30)
            let list = try await tmux.waitFor("Hello from tmux")
            #expect(list.contains("bobby-example"))
            #expect(list.contains("LIST"))
            try tmux.send("Enter")
            let reader = try await tmux.waitFor("From: bobby-example")
            #expect(reader.contains("Agenda"))
            #expect(reader.contains("The plan for Friday."))
            #expect(reader.contains("READ"))
            try tmux.send("q")
            try tmux.send("q")
            try await tmux.waitForExit()
        }

        private func run(_ program: String, _ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments + ["--timeout", "20"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
            let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            try #require(process.terminationStatus == 0, "quire \(arguments.joined(separator: " ")) failed: \(output)")
        }
    }
}
