import ArgumentParser
import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import TMTPServer
import TMTPTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tmtpd serve`: runs the site until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server.",
        discussion: """
            Every option can also be set in the TOML file given with --config, under the same name \
            (listen = "0.0.0.0:8443", data-dir = "/var/lib/tmtpd", ...). Options on the command line win. \
            OpenID Connect sign-in is set only there: auth = 1 and [[authby]] tables (see tmtpd(8)).
            """)

    @Option(help: "HOST:PORT to listen on; port 0 picks a free one.") var listen: String?
    @Option(name: .customLong("data-dir"), help: "Directory for the database, blobs and certificate.")
    var dataDirectory: String?
    @Option(
        help: ArgumentHelp(
            "Where the site's data lives (default: SQLite in --data-dir).",
            discussion: """
                postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=MODE] keeps it in PostgreSQL, which several \
                instances can share; sslmode as libpq's (disable, allow, prefer, require, verify-ca, \
                verify-full), default prefer.
                """,
            valueName: "url"))
    var store: String?
    @Option(help: "PEM certificate chain (default: a self-signed one made in the data directory).") var cert: String?
    @Option(help: "PEM private key for --cert.") var key: String?
    @Option(help: "Site name sent in the tmtprev reply.") var name: String?
    @Option(help: "Who may register: open, invite or closed.") var registration: String?
    @Option(help: "TOML file with these settings.") var config: String?
    @Option(name: .customLong("max-message-size"), help: "Largest post in bytes.") var maxMessageSize: Int?
    @Option(name: .customLong("queue-quota"), help: "Messages one node may have waiting (0: no limit).")
    var queueQuota: Int?
    @Option(name: .customLong("max-unauthenticated"), help: "Links that may wait for login at once.")
    var maxUnauthenticated: Int?
    @Option(name: .customLong("max-login-failures"), help: "Failed logins per address per 5 minutes.")
    var maxLoginFailures: Int?
    @Option(name: .customLong("daily-ping-limit"), help: "Pings per user per day (0: no limit).")
    var dailyPingLimit: Int?
    @Option(name: .customLong("write-timeout"), help: "Seconds a write may stall before the link closes.")
    var writeTimeout: Int?
    @Option(name: .customLong("idle-timeout"), help: "Seconds of silence allowed after login.")
    var idleTimeout: Int?
    @Option(help: "HOST:PORT to serve Prometheus metrics on, at /metrics over plain HTTP (default: none).")
    var metrics: String?
    @Option(name: .customLong("log-format"), help: "Log lines as text or json (one object per line).")
    var logFormat: String?

    /// Everything `serve` takes from its options and config file, checked (`check-config` stops here).
    struct Settings {
        var logFormat: LogFormat
        var metrics: (host: String, port: Int)?
        var host: String
        var port: Int
        var dataDirectory: String
        /// The store's URL; nil for SQLite in the data directory.
        var storeURL: String?
        var configuration: ServerConfiguration
        var cert: String?
        var key: String?
    }

    /// Resolves the options over the config file's keys; a bad value names its key (and, from the file, the
    /// file and line). OpenID Connect signing keys are loaded, so a wrong URL or file fails here.
    func settings(file: ConfigFile?) async throws -> Settings {
        func setting(_ value: String?, _ key: String) throws -> String? { try value ?? file?.string(key) }
        func number(_ value: Int?, _ key: String) throws -> Int? { try value ?? file?.integer(key) }
        /// A refusal of `key`'s value, located in the file when the value came from there.
        func invalid(_ key: String, given option: Any?, _ problem: String) -> any Error {
            guard option == nil, let file, file.contains(key) else { return ValidationError(problem) }
            return file.failure(key, "key '\(key)': \(problem)")
        }

        let formatText = try setting(logFormat, "log-format") ?? "text"
        guard let format = LogFormat(rawValue: formatText) else {
            throw invalid("log-format", given: logFormat, "must be text or json, not '\(formatText)'")
        }
        var metricsAddress: (String, Int)?
        if let text = try setting(metrics, "metrics") {
            guard let address = Self.parseAddress(text) else {
                throw invalid("metrics", given: metrics, "must be HOST:PORT, not '\(text)'")
            }
            metricsAddress = address
        }
        guard let listenText = try setting(listen, "listen") else {
            throw ValidationError("--listen HOST:PORT is required")
        }
        guard let (host, port) = Self.parseAddress(listenText) else {
            throw invalid("listen", given: listen, "--listen must be HOST:PORT, not '\(listenText)'")
        }
        guard let dataDirectory = try setting(dataDirectory, "data-dir") else {
            throw ValidationError("--data-dir DIR is required")
        }
        var configuration = ServerConfiguration(siteName: try setting(name, "name") ?? "tmtpd")
        if let text = try setting(registration, "registration") {
            guard let mode = RegistrationMode(rawValue: text) else {
                throw invalid("registration", given: registration, "must be open, invite or closed, not '\(text)'")
            }
            configuration.registration = mode
        }
        if let value = try number(maxMessageSize, "max-message-size") { configuration.maxMessageSize = Int64(value) }
        if let value = try number(queueQuota, "queue-quota") { configuration.nodeQueueQuota = value }
        if let value = try number(maxUnauthenticated, "max-unauthenticated") {
            configuration.maxUnauthenticatedLinks = value
        }
        if let value = try number(maxLoginFailures, "max-login-failures") {
            configuration.maxLoginFailuresPerAddress = value
        }
        if let value = try number(dailyPingLimit, "daily-ping-limit") { configuration.dailyPingLimit = value }
        if let value = try number(writeTimeout, "write-timeout") { configuration.writeTimeout = .seconds(value) }
        if let value = try number(idleTimeout, "idle-timeout") { configuration.idleTimeout = .seconds(value) }
        configuration.oidc = try await SignInSettings.configuration(file: file)
        let certFile = try setting(cert, "cert")
        let keyFile = try setting(key, "key")
        guard (certFile == nil) == (keyFile == nil) else {
            throw invalid(certFile == nil ? "key" : "cert", given: cert ?? key, "cert and key go together")
        }
        return Settings(
            logFormat: format, metrics: metricsAddress, host: host, port: port, dataDirectory: dataDirectory,
            storeURL: try setting(store, "store"), configuration: configuration, cert: certFile, key: keyFile)
    }

    func run() async throws {
        let file = try config.map { try ConfigFile(path: $0) }
        let settings = try await self.settings(file: file)
        settings.logFormat.bootstrap()
        let logger = Logger(label: "tmtpd")
        let endpoint = settings.metrics.map { _ in MetricsEndpoint.bootstrap() }
        let (host, port, dataDirectory) = (settings.host, settings.port, settings.dataDirectory)
        let configuration = settings.configuration
        if let oidc = configuration.oidc {
            for provider in oidc.providers {
                let keys = await provider.keys.current.keys.count
                logger.info("oidc: \(provider.label) issuer \(provider.issuer), \(keys) signing keys")
            }
            logger.info("oidc: auth \(oidc.auth), sign-in \(oidc.required ? "required" : "optional") to register")
        }

        let certificate = try SiteCertificate.load(
            cert: settings.cert, key: settings.key, dataDirectory: dataDirectory, host: host)
        if certificate.created { logger.info("created self-signed certificate \(certificate.certificateFile)") }
        let tls = try ServerTLSContext(
            certificateChainFile: certificate.certificateFile, privateKeyFile: certificate.keyFile)
        let opened = try await OpenedStore.open(
            url: settings.storeURL, dataDirectory: dataDirectory, serving: true, logger: logger)
        let store = opened.store

        let server = try await SiteServer.start(
            configuration: configuration, store: store, members: store as? any MemberAdministration, host: host,
            port: port, tls: tls, logger: logger)
        let boundPort = server.localAddress?.port ?? port
        logger.info(
            "certificate SHA-256 fingerprint \(tls.fingerprint.hex); clients use =\(host):\(boundPort)#\(tls.fingerprint.hex)"
        )
        logger.info("registration \(configuration.registration.rawValue), site name '\(configuration.siteName)'")
        settings.logFormat.announce("listening on \(host):\(boundPort)", logger: logger)

        // The group shuts services down in reverse order: the site first, so its commits finish while
        // the rest still runs.
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: HeapTrimmer(), successTerminationBehavior: .ignore),
                .init(
                    service: CertificateReloader(
                        tls: tls, certificateFile: certificate.certificateFile, keyFile: certificate.keyFile,
                        logger: logger)),
                .init(service: SiteService(server: server, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        if let endpoint, let (metricsHost, metricsPort) = settings.metrics {
            let application = endpoint.application(
                host: metricsHost, port: metricsPort, server: server, store: store, logger: logger
            ) { bound in
                settings.logFormat.announce("metrics on http://\(metricsHost):\(bound)/metrics", logger: logger)
            }
            group.services.insert(.init(service: application), at: 0)
        }
        group.maximumGracefulShutdownDuration = Self.shutdownBound
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
        try opened.close()
        logger.info("stopped")
    }

    /// How long a graceful stop may take before the remaining work is cancelled (and, 5 s later, abandoned).
    static let shutdownBound: Duration = .seconds(20)

    /// `HOST:PORT` (`[v6]:PORT` too; an empty host is every address); `nil` when it is not one.
    static func parseAddress(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
