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
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let reader = pipe.fileHandleForReading
        let bound: Int? = await withCheckedContinuation { continuation in
            let output = NIOLockedValueBox<(text: String, resumed: Bool)>(("", false))
            Thread.detachNewThread {
                while let data = try? reader.read(upToCount: 4096), !data.isEmpty {
                    let found = output.withLockedValue { state -> Int?? in
                        state.text += String(decoding: data, as: UTF8.self)
                        guard !state.resumed else { return nil }
                        guard let range = state.text.range(of: "tmtpd: listening on ") else { return nil }
                        let line = state.text[range.upperBound...].prefix { $0 != "\n" }
                        guard state.text[range.upperBound...].contains("\n") else { return nil }
                        state.resumed = true
                        return .some(line.split(separator: ":").last.flatMap { Int($0) })
                    }
                    if let found { continuation.resume(returning: found) }
                    if output.withLockedValue({ $0.text.count > 1 << 20 }) {
                        output.withLockedValue { $0.text = "" }
                    }
                }
                let missed = output.withLockedValue { state -> Bool in
                    defer { state.resumed = true }
                    return !state.resumed
                }
                if missed { continuation.resume(returning: nil) }
            }
        }
        guard let bound else { throw NoListeningLine(output: "(exit \(process.isRunning ? -1 : process.terminationStatus))") }
        return TMTPDProcess(process: process, port: bound)
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        Glibc.kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
