import Foundation
import QuireTestSupport

/// The built `tmtpd serve` on 127.0.0.1, run as a child process for tests that talk to it, kill it or
/// restart it.
public final class SiteDaemon: Sendable {
    public struct NotReady: Error, CustomStringConvertible {
        public var log: String
        public var description: String { "tmtpd did not report where it listens; it wrote:\n\(log)" }
    }

    public let running: RunningProcess
    public let port: Int
    /// `=127.0.0.1:PORT#SHA256`, the pinned address clients are told to use.
    public let address: String

    public var process: Process { running.process }

    private init(running: RunningProcess, port: Int, address: String) {
        self.running = running
        self.port = port
        self.address = address
    }

    /// Starts `tmtpd serve` on `port` (0: a free one) and returns once it said where it listens.
    public static func start(
        dataDirectory: String, port: Int = 0, name: String = "test-site", extra: [String] = [],
        seconds: Double = 60
    ) async throws -> SiteDaemon {
        let running = try ChildProcess.start(
            try BuiltProducts.executable("tmtpd"),
            ["serve", "--listen", "127.0.0.1:\(port)", "--data-dir", dataDirectory, "--name", name] + extra)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline, running.process.isRunning {
            let log = running.stderrText
            if let bound = Self.listeningPort(in: log) {
                return SiteDaemon(running: running, port: bound, address: Self.pinnedAddress(in: log, port: bound))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let log = running.stderrText
        running.kill()
        throw NotReady(log: log)
    }

    /// SIGKILL, as a crash.
    public func kill() { running.kill() }

    /// SIGTERM (a graceful shutdown), killing it after `seconds`.
    public func terminate(seconds: Double = 10) { running.terminate(seconds: seconds) }

    /// The port of `tmtpd: listening on HOST:PORT`, once that line is complete.
    private static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "tmtpd: listening on "),
            let newline = log[range.upperBound...].firstIndex(of: "\n")
        else { return nil }
        // The port's digits: a JSON log line goes on with `"}`.
        return log[range.upperBound..<newline].split(separator: ":").last.flatMap { Int($0.prefix(while: \.isNumber)) }
    }

    /// The address after `clients use ` (carrying the certificate pin), or the bare address.
    private static func pinnedAddress(in log: String, port: Int) -> String {
        guard let range = log.range(of: "clients use ") else { return "=127.0.0.1:\(port)" }
        return String(log[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" })
    }
}
