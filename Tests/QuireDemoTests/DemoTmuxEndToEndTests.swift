import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `quire demo` in a real terminal (tmux): what a newcomer does in the first minute.
@Suite("quire demo in tmux")
struct DemoTmuxEndToEndTests {
    @Test(
        "read a thread, reply and see the answer arrive, page a deck, search, quit with nothing left",
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed; this end-to-end test runs quire demo in tmux"))
    func newcomerSession() async throws {
        let quire = try DemoCommandTests.executable()
        let session = try TmuxSession(
            command: [quire.path, "demo"], columns: 100, rows: 30, environment: ["TERM": "xterm-256color"])

        // Starting a site and seeding it takes a second or two, longer on a loaded machine.
        try await session.waitFor("the thread list", timeout: .seconds(90)) {
            $0.contains(" LIST ") && $0.contains("Welcome to Quire: start here")
        }
        try session.press("Enter")
        try await session.waitFor("From: ada.lovelace")

        try session.press("r")
        try await session.waitFor("(everyone on the thread)")
        try session.type("Hello Ada, this is the tmux test.")
        try session.press("C-x", "y")
        // The demo people answer within a second or two; the sync brings it in.
        let answered = try await session.waitFor("new from ada.lovelace", timeout: .seconds(20))
        #expect(answered.contains(" READ "), "the reader is back after sending")

        try session.press("q")
        try await session.waitFor(" LIST ")
        try session.press("/")
        try session.type("four slides")
        try session.press("Enter")
        try await session.waitFor("1 matches")
        try session.press("Enter")
        try await session.waitFor("slide 1/4")
        try session.press("]")
        try await session.waitFor("slide 2/4")

        try session.press("q")
        try await session.waitFor(" MATCHES ")
        try session.press("q")
        try await session.waitFor(" LIST ")
        try session.press("q")

        let deadline = ContinuousClock.now + .seconds(30)
        var state = try session.paneState()
        while !state.exited, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            state = try session.paneState()
        }
        #expect(state.exited, "quire demo exited after q")
        #expect(state.exitStatus ?? 0 == 0, "quire demo exited with status 0")
        #expect(!isRunning(state.pid), "no quire process is left")

        let last = try session.capture()
        #expect(last.contains("quire demo: stopped; nothing left running or on disk"), "\(last)")
        let lines = last.split(separator: "\n")
        let port = try #require(
            lines.first { $0.contains("address:") }.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })
        #expect(!isListening(port: port), "nothing listens on the demo's port \(port) any more")
        let home = try #require(lines.first { $0.contains("account:") }?.split(separator: " in ").last)
        #expect(!FileManager.default.fileExists(atPath: String(home)), "the demo home was removed")
    }
}
