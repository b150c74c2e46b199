import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private tmux server (its own socket) holding one session for the test.
struct Tmux {
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        var description: String { "timed out waiting for \(waitingFor); the screen was:\n\(screen)" }
    }

    let socket: String
    let session = "quire"
    /// Where `capture` has tmux save the screen: read through a file, because a tmux client's
    /// output pipe can stay open in the server and never reach end-of-file.
    var captureFile: String { FileManager.default.temporaryDirectory.appendingPathComponent(socket + ".screen").path }

    func start(command: String, columns: Int, rows: Int) throws {
        try tmux(["new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", command])
    }

    func send(_ keys: String) throws {
        try tmux(["send-keys", "-t", session, keys])
    }

    /// Types `text` literally (spaces and all), not as key names.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    func capture() -> String {
        guard (try? tmux(["capture-pane", "-b", "screen", "-t", session])) != nil,
            (try? tmux(["save-buffer", "-b", "screen", captureFile])) != nil
        else { return "" }
        return (try? String(contentsOfFile: captureFile, encoding: .utf8)) ?? ""
    }

    /// Polls the pane until it shows `text`, for at most `seconds`.
    @discardableResult
    func waitFor(_ text: String, seconds: Int = 30) async throws -> String {
        var screen = ""
        for _ in 0..<seconds * 10 {
            screen = capture()
            if screen.contains(text) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Timeout(waitingFor: text, screen: screen)
    }

    /// Polls the pane until its rows satisfy `done`, for at most `seconds`.
    @discardableResult
    func waitUntil(
        _ what: String, seconds: Int = 30, _ done: ([Substring]) -> Bool
    ) async throws -> [Substring] {
        var rows: [Substring] = []
        for _ in 0..<seconds * 10 {
            rows = capture().split(separator: "\n", omittingEmptySubsequences: false)
            if done(rows) { return rows }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Timeout(waitingFor: what, screen: rows.joined(separator: "\n"))
    }

    /// Resizes the window as a user dragging its corner would.
    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Waits until the session ended (quire quit), for at most 10 seconds.
    func waitForExit() async throws {
        for _ in 0..<100 {
            if (try? tmux(["has-session", "-t", session])) == nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Timeout(waitingFor: "quire to quit", screen: capture())
    }

    func killServer() {
        try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: captureFile)
    }

    /// Runs tmux with posix_spawn and waitpid: Foundation's `Process` never sees the exit of a
    /// tmux client whose daemonised server inherited its descriptors.
    private func tmux(_ arguments: [String]) throws {
        let argv = ["tmux", "-L", socket] + arguments
        var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Nothing else of the test process goes along: the tmux server outlives this call, and a
        // file another test is writing (an editor script) held open there could never be run.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // The test runner's threads block signals; a tmux server inheriting that mask would
        // not always see SIGCHLD, and would leave the program it ran unreaped with the session open.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, &attributes, pointers, environ) == 0 else {
            throw TmuxFailed(arguments: arguments)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TmuxFailed(arguments: arguments) }
        }
        guard status == 0 else { throw TmuxFailed(arguments: arguments) }
    }

    struct TmuxFailed: Error {
        var arguments: [String]
    }
}
