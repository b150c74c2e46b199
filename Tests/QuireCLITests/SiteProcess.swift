import Foundation

/// A real `tmtpd serve` on 127.0.0.1 with a fresh data directory and a self-signed certificate.
final class SiteProcess: Sendable {
    struct NoAddress: Error, CustomStringConvertible {
        var log: String
        var description: String { "tmtpd did not print its pinned address; it wrote:\n\(log)" }
    }

    let running: RunningProcess
    let directory: URL
    /// `=127.0.0.1:PORT#SHA256`, the form `quire account add --site` takes.
    let address: String

    private init(running: RunningProcess, directory: URL, address: String) {
        self.running = running
        self.directory = directory
        self.address = address
    }

    static func start() async throws -> SiteProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-site-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let running = try ChildProcess.start(
            try BuiltProducts.executable("tmtpd"),
            ["serve", "--listen", "127.0.0.1:0", "--data-dir", directory.path, "--name", "cli-test"], stdin: nil)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, running.process.isRunning {
            let log = running.stderrText
            if log.contains("tmtpd: listening on "), let range = log.range(of: "clients use ") {
                let address = log[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" }
                return SiteProcess(running: running, directory: directory, address: String(address))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let log = running.stderrText
        running.kill()
        throw NoAddress(log: log)
    }

    func stop() async {
        await running.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
}
