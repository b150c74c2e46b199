import ArgumentParser
import TMTPTransport

/// `tmtpd check-config`: everything `serve --config FILE` checks before it binds, without starting.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file without starting: exit 0 when good, else name the file, line and key.",
        discussion: """
            The checks are serve's own: known keys and their types, values (listen, registration, log-format, \
            metrics), OpenID Connect settings with their signing keys loaded, and the certificate and key, \
            when given, loaded and matched.
            """)
    @Option(help: "The TOML file to check.") var config: String

    func run() async throws {
        let file = try ConfigFile(path: config)
        let serve = try Serve.parse(["--config", config])
        let settings = try await serve.settings(file: file)
        if let cert = settings.cert, let key = settings.key {
            do {
                _ = try ServerTLSContext(certificateChainFile: cert, privateKeyFile: key)
            } catch {
                throw file.failure("cert", "key 'cert'/'key': \(error)")
            }
        }
        print("\(config): ok")
    }
}
