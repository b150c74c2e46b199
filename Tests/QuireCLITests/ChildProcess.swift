import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished child process wrote and how it ended.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard output parsed as one JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(stdout)")
    }
}

/// Runs programs with their output in files (no pipe can fill and stall them) and a deadline.
enum ChildProcess {
    struct TimedOut: Error, CustomStringConvertible {
        var command: [String]
        var description: String { "\(command.joined(separator: " ")) did not finish in time and was killed" }
    }

    /// Runs `executable` to completion; kills it and throws after `seconds`.
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        seconds: Double = 60
    ) async throws -> ProcessResult {
        let process = try start(executable, arguments, environment: environment, stdin: stdin)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while process.process.isRunning {
            if ContinuousClock.now >= deadline {
                process.kill()
                throw TimedOut(command: [executable.lastPathComponent] + arguments)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.result()
    }

    static func start(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: String?)
        throws -> RunningProcess
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        for (key, value) in environment { base[key] = value }
        process.environment = base
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let stdin {
            let input = scratch.appendingPathComponent("stdin")
            try Data(stdin.utf8).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        try outHandle.close()
        try errHandle.close()
        return RunningProcess(process: process, scratch: scratch)
    }
}

/// A started child process.
final class RunningProcess: Sendable {
    let process: Process
    let scratch: URL

    init(process: Process, scratch: URL) {
        self.process = process
        self.scratch = scratch
    }

    var stdoutText: String {
        (try? String(contentsOf: scratch.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
    }

    var stderrText: String {
        (try? String(contentsOf: scratch.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    }

    func result() -> ProcessResult {
        while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
        let out = stdoutText
        defer { try? FileManager.default.removeItem(at: scratch) }
        return ProcessResult(status: process.terminationStatus, stdout: out, stderr: stderrText)
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
    }

    /// Asks it to stop (SIGTERM), and waits at most `seconds` before killing it.
    func terminate(seconds: Double = 10) async {
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill() }
    }
}
