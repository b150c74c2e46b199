import Foundation
import QuireTestSupport
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

extension ProcessResult {
    /// Standard output parsed as one JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(stdout)")
    }
}
