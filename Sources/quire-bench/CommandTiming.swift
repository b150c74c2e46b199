import Foundation

/// Wall time of a short command run again and again (the real `quire check` binary on a home,
/// or another program's count to compare with): start, work, exit; and the CPU time it took
/// (user and system), steadier than wall time when other work shares the machine. Every command
/// is started and waited for the same way, so their figures compare.
struct CommandTiming {
    /// A path, or a name found on `$PATH` (as `posix_spawnp` finds it).
    var program: String
    var arguments: [String]
    var runs: Int

    struct Figures: CustomStringConvertible {
        var p50Milliseconds: Double
        var bestMilliseconds: Double
        var cpuP50Milliseconds: Double
        var exitStatus: Int32

        var description: String {
            String(
                format: "p50 %.1f ms, best %.1f ms, CPU p50 %.1f ms, exit %d", p50Milliseconds, bestMilliseconds,
                cpuP50Milliseconds, exitStatus)
        }
    }

    func run() throws -> Figures {
        var durations: [Double] = []
        var cpu: [Double] = []
        var status: Int32 = 0
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            let start = clock.now
            let child = try spawn()
            // Blocking in wait4 (no polling thread beside the child) and taking the child's own
            // CPU time from it.
            var usage = rusage()
            var waitStatus: Int32 = 0
            while wait4(child, &waitStatus, 0, &usage) < 0 {
                guard errno == EINTR else { throw TimingError("waiting for \(program): errno \(errno)") }
            }
            let elapsed = clock.now - start
            durations.append(
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            cpu.append(Self.milliseconds(usage.ru_utime) + Self.milliseconds(usage.ru_stime))
            status = waitStatus & 0x7f == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
        }
        durations.sort()
        cpu.sort()
        return Figures(
            p50Milliseconds: durations[durations.count / 2], bestMilliseconds: durations[0],
            cpuP50Milliseconds: cpu[cpu.count / 2], exitStatus: status)
    }

    /// Starts the command with its output thrown away, as a script checking for mail would.
    private func spawn() throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawnp(&child, program, &actions, nil, argv, environ)
        guard result == 0 else { throw TimingError("cannot start \(program): \(String(cString: strerror(result)))") }
        return child
    }

    private static func milliseconds(_ time: timeval) -> Double {
        Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000
    }

    struct TimingError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `quire` built next to this benchmark.
    static func locateQuire() -> URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("quire")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }
}
