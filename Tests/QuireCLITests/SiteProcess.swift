import Foundation
import QuireTestSupport

/// A real `tmtpd serve` on 127.0.0.1 with a fresh data directory (removed when stopped) and a
/// self-signed certificate.
struct SiteProcess: Sendable {
    let daemon: SiteDaemon
    let directory: URL
    /// `=127.0.0.1:PORT#SHA256`, the form `quire account add --site` takes.
    var address: String { daemon.address }

    static func start() async throws -> SiteProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-site-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let daemon = try await SiteDaemon.start(dataDirectory: directory.path, name: "cli-test")
        return SiteProcess(daemon: daemon, directory: directory)
    }

    func stop() {
        daemon.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
}
