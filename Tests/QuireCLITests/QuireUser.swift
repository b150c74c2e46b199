import Foundation
import Testing

/// One user's Quire home, driven only through the `quire` binary.
struct QuireUser: Sendable {
    let home: URL
    let alias: String

    init(alias: String) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        self.alias = alias
    }

    /// Runs `quire ARGS --home HOME`.
    @discardableResult
    func quire(_ arguments: String..., stdin: String? = nil, seconds: Double = 60) async throws -> ProcessResult {
        try await quire(arguments, stdin: stdin, seconds: seconds)
    }

    @discardableResult
    func quire(_ arguments: [String], stdin: String? = nil, seconds: Double = 60) async throws -> ProcessResult {
        try await ChildProcess.run(
            try BuiltProducts.executable("quire"), arguments + ["--home", home.path], stdin: stdin, seconds: seconds)
    }

    /// Runs a command that must succeed, recording its error output when it does not.
    @discardableResult
    func succeed(_ arguments: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> ProcessResult
    {
        let result = try await quire(arguments, stdin: stdin)
        #expect(
            result.status == 0, "quire \(arguments.joined(separator: " ")) failed: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Starts `quire sync` (running until stopped) on this home.
    func startSync(_ extra: [String] = []) throws -> RunningProcess {
        try ChildProcess.start(
            try BuiltProducts.executable("quire"), ["sync", "--home", home.path] + extra, stdin: nil)
    }

    func remove() {
        try? FileManager.default.removeItem(at: home)
    }
}

/// Polls `condition` until it holds; records an issue and throws after `seconds`.
func eventually(
    _ what: String, seconds: Double = 30, _ condition: @Sendable () async throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("never happened: \(what)", sourceLocation: sourceLocation)
    throw Timeout()
}

struct Timeout: Error {}
