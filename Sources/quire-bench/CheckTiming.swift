import Foundation

/// Wall time of the real `quire check` binary on a home: start, open the store, count, exit.
struct CheckTiming {
    var quire: URL
    var home: URL
    var runs: Int

    struct Figures {
        var p50Milliseconds: Double
        var bestMilliseconds: Double
        var exitStatus: Int32
    }

    func run() throws -> Figures {
        var durations: [Double] = []
        var status: Int32 = 0
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            let process = Process()
            process.executableURL = quire
            process.arguments = ["check", "--home", home.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = clock.now
            try process.run()
            // Polled, not waitUntilExit: its run-loop wait can miss the exit under load.
            while process.isRunning { usleep(200) }
            let elapsed = clock.now - start
            durations.append(
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            status = process.terminationStatus
        }
        durations.sort()
        return Figures(
            p50Milliseconds: durations[durations.count / 2], bestMilliseconds: durations[0], exitStatus: status)
    }

    /// `quire` built next to this benchmark.
    static func locateQuire() -> URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("quire")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }
}
