import Foundation
import QuireTestSupport

/// A real `tmtpd serve` on 127.0.0.1 with a fresh data directory (removed when stopped) and a
/// self-signed certificate.
struct SiteProcess: Sendable {
    let daemon: SiteDaemon
    let directory: URL
    /// `=127.0.0.1:PORT#SHA256`, the form `quire account add --site` takes.
    var address: String { daemon.address }

    /// Starts `tmtpd serve` with `extra` options, on `port` (0: a free one).
    static func start(port: Int = 0, extra: [String] = []) async throws -> SiteProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-site-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let daemon = try await SiteDaemon.start(
            dataDirectory: directory.path, port: port, name: "cli-test", extra: extra)
        return SiteProcess(daemon: daemon, directory: directory)
    }

    /// A fresh code from `tmtpd invite create` on this site's data directory.
    func createInvite() async throws -> String {
        let result = try await ChildProcess.run(
            try BuiltProducts.executable("tmtpd"), ["invite", "create", "--data-dir", directory.path])
        guard result.status == 0 else { throw InviteFailed(stderr: result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct InviteFailed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "tmtpd invite create failed: \(stderr)" }
    }

    func stop() {
        daemon.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
}
