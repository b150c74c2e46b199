import Foundation
import NIOConcurrencyHelpers
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `tmtpd` binary run as a child process, for tests that kill it.
final class TMTPDProcess: Sendable {
    struct NotFound: Error, CustomStringConvertible {
        var description: String { "tmtpd not found next to the test bundle; run `swift build` first" }
    }

    struct NoListeningLine: Error, CustomStringConvertible {
        var output: String
        var description: String { "tmtpd did not report its port; it wrote:\n\(output)" }
    }

    let process: Process
    let port: Int

    /// `tmtpd` built into the same directory as the test bundle (`.build/debug`).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("tmtpd")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw NotFound()
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts `tmtpd serve` and returns once it printed `tmtpd: listening on HOST:PORT`.
    static func start(dataDirectory: String, port: Int = 0, extra: [String] = []) async throws -> TMTPDProcess {
        let process = Process()
        process.executableURL = try executable()
        process.arguments =
            ["serve", "--listen", "127.0.0.1:\(port)", "--data-dir", dataDirectory, "--name", "crash-test"] + extra
        let logPath = dataDirectory + ".log-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw NoListeningLine(output: "(cannot create the log file \(logPath))")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try log.close()
        var bound: Int?
        var output = ""
        while bound == nil && process.isRunning {
            output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = output.range(of: "tmtpd: listening on "),
                let newline = output[range.upperBound...].firstIndex(of: "\n")
            {
                bound = output[range.upperBound..<newline].split(separator: ":").last.flatMap { Int($0) }
            }
            if bound == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let bound else { throw NoListeningLine(output: output) }
        return TMTPDProcess(process: process, port: bound)
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
    }

    func terminate() {
        Glibc.kill(process.processIdentifier, SIGTERM)
        while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
    }
}
