import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program running in a detached tmux session on a private server, driven by keys and read
/// back with `capture-pane`: the closest a test gets to a person at a real terminal.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `tmux` on the PATH, when installed.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("tmux") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static var isAvailable: Bool { executable != nil }

    private let tmux: URL
    private let socket = "quire-test-\(UUID().uuidString.prefix(8))"
    private let target = "quire"

    /// Starts `command` (run with `exec`, so the pane's process is the program) at `columns`x`rows`;
    /// the pane stays after the program exits, so its exit status and last screen can be read.
    init(command: [String], columns: Int, rows: Int, environment: [String: String] = [:]) throws {
        guard let tmux = Self.executable else { throw Failure(description: "tmux is not installed") }
        self.tmux = tmux
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }
        let line = "exec env " + (assignments + command.map(Self.quoted)).joined(separator: " ")
        try run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)", line])
        try run(["set-option", "-w", "-t", target, "remain-on-exit", "on"])
    }

    /// Ends the program if a test stopped half-way (SIGTERM, which quire answers by cleaning
    /// up), then the private server. `kill-server` alone leaves the pane's process running.
    deinit {
        if let state = try? paneState(), !state.exited {
            kill(state.pid, SIGTERM)
            for _ in 0..<100 where isRunning(state.pid) { usleep(100_000) }
        }
        try? run(["kill-server"])
    }

    /// The visible screen, one line per row, trailing spaces kept off.
    func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", target])
    }

    /// Keys in tmux notation (`Enter`, `C-x`, `q`).
    func press(_ keys: String...) throws {
        try run(["send-keys", "-t", target] + keys)
    }

    /// Literal text.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", target, "-l", text])
    }

    /// The pane's process: its id, whether it has exited, and its exit status when tmux has
    /// collected it (tmux may reap it a while after the terminal closed).
    func paneState() throws -> (pid: Int32, exited: Bool, exitStatus: Int32?) {
        let fields = try run(["display-message", "-p", "-t", target, "#{pane_pid} #{pane_dead} #{pane_dead_status}"])
            .split(separator: " ").map(String.init)
        guard fields.count >= 2, let pid = Int32(fields[0]) else {
            throw Failure(description: "unexpected pane state: \(fields)")
        }
        let status = fields[1] == "1" && fields.count > 2 ? Int32(fields[2]) : nil
        return (pid, status != nil || !isRunning(pid), status)
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = try capture()
        while !condition(screen) {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "gave up waiting for \(what) after \(timeout); screen:\n\(screen)")
            }
            try await Task.sleep(for: .milliseconds(100))
            screen = try capture()
        }
        return screen
    }

    /// Waits for the screen to show `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        try await waitFor("`\(text)`", timeout: timeout) { $0.contains(text) }
    }

    /// Runs one tmux command and returns what it printed. Spawned and reaped directly:
    /// Foundation's `Process` does not see the client exit while the server it forked runs on.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // The server that `new-session` starts keeps its output: give it /dev/null, not the file.
        let output = arguments.contains("new-session") ? "/dev/null" : file.path
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [tmux.path, "-L", socket] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // The test runner's threads block some signals; a tmux server inheriting that mask
        // would never see SIGCHLD and never reap the program it runs.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux.path, &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed") }
        let data = FileManager.default.contents(atPath: file.path) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Whether `pid` is a live process: not gone, and not a zombie that exited and waits to be reaped.
func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    // `pid (name) S ...`: the state follows the name, which may itself hold spaces.
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func isListening(port: Int) -> Bool {
    #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    return result == 0
}
