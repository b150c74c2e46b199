import Foundation

/// Wall time of the real `quire check` binary on a home: start, open the store, count, exit; and
/// the CPU time it took (user and system), steadier than wall time when other work shares the
/// machine.
struct CheckTiming {
    var quire: URL
    var home: URL
    var runs: Int

    struct Figures {
        var p50Milliseconds: Double
        var bestMilliseconds: Double
        var cpuP50Milliseconds: Double
        var exitStatus: Int32
    }

    func run() throws -> Figures {
        var durations: [Double] = []
        var cpu: [Double] = []
        var status: Int32 = 0
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            let process = Process()
            process.executableURL = quire
            process.arguments = ["check", "--home", home.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = clock.now
            let before = Self.childrenCPUMilliseconds()
            try process.run()
            // Polled, not waitUntilExit: its run-loop wait can miss the exit under load.
            while process.isRunning { usleep(200) }
            let elapsed = clock.now - start
            durations.append(
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            status = process.terminationStatus
            cpu.append(Self.childrenCPUMilliseconds() - before)
        }
        durations.sort()
        cpu.sort()
        return Figures(
            p50Milliseconds: durations[durations.count / 2], bestMilliseconds: durations[0],
            cpuP50Milliseconds: cpu[cpu.count / 2], exitStatus: status)
    }

    /// User and system time of the children reaped so far.
    private static func childrenCPUMilliseconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
        return milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)
    }

    /// `quire` built next to this benchmark.
    static func locateQuire() -> URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("quire")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }
}
