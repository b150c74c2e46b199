import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs programs with their output in files (no pipe can fill and stall them) and a deadline.
///
/// Exits are found by polling `isRunning`, never by `waitUntilExit`: its run-loop wait can miss the exit
/// of a child on a loaded machine and hang the test.
public enum ChildProcess {
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: [String]
        public var description: String { "\(command.joined(separator: " ")) did not finish in time and was killed" }
    }

    /// Runs `executable` to completion; kills it and throws after `seconds`.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        seconds: Double = 60
    ) async throws -> ProcessResult {
        let process = try start(executable, arguments, environment: environment, stdin: stdin)
        guard await process.exited(within: seconds) else {
            process.kill()
            throw TimedOut(command: [executable.lastPathComponent] + arguments)
        }
        return process.result()
    }

    /// Starts `executable` with `environment` added to this process's own; its standard input is
    /// `stdin`, or `input` for a test that types into it while it runs.
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        input: Pipe? = nil
    ) throws -> RunningProcess {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-child-\(UUID().uuidString)")
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
        if let input {
            process.standardInput = input
        } else if let stdin {
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

/// What a finished child process wrote and how it ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// A started child process; its output is in files under `scratch`.
public final class RunningProcess: Sendable {
    public let process: Process
    public let scratch: URL

    init(process: Process, scratch: URL) {
        self.process = process
        self.scratch = scratch
    }

    public var stdoutText: String {
        (try? String(contentsOf: scratch.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
    }

    public var stderrText: String {
        (try? String(contentsOf: scratch.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    }

    /// Waits (polling) until the process exits; `false` when it still runs after `seconds`.
    public func exited(within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Status and output of the exited process; removes its output files.
    public func result() -> ProcessResult {
        waitForExit()
        let out = stdoutText
        defer { try? FileManager.default.removeItem(at: scratch) }
        return ProcessResult(status: process.terminationStatus, stdout: out, stderr: stderrText)
    }

    /// SIGKILL, then waits for the exit.
    public func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        waitForExit()
    }

    /// Asks it to stop (SIGTERM) and waits at most `seconds` before killing it.
    public func terminate(seconds: Double = 10) {
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while process.isRunning, ContinuousClock.now < deadline { usleep(1_000) }
        if process.isRunning { kill() }
    }

    private func waitForExit() {
        while process.isRunning { usleep(1_000) }
    }
}
