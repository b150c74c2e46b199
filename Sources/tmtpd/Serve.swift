import ArgumentParser
import Dispatch
import Foundation
import Logging
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

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "tmtpd")
        let file = try config.map { try ConfigFile(path: $0) }
        func setting(_ value: String?, _ key: String) throws -> String? { try value ?? file?.string(key) }
        func number(_ value: Int?, _ key: String) throws -> Int? { try value ?? file?.integer(key) }

        guard let listen = try setting(listen, "listen") else {
            throw ValidationError("--listen HOST:PORT is required")
        }
        guard let dataDirectory = try setting(dataDirectory, "data-dir") else {
            throw ValidationError("--data-dir DIR is required")
        }
        let (host, port) = try Self.parseListen(listen)
        var configuration = ServerConfiguration(siteName: try setting(name, "name") ?? "tmtpd")
        if let text = try setting(registration, "registration") {
            guard let mode = RegistrationMode(rawValue: text) else {
                throw ValidationError("registration must be open, invite or closed, not '\(text)'")
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
        if let oidc = configuration.oidc {
            for provider in oidc.providers {
                let keys = await provider.keys.current.keys.count
                logger.info("oidc: \(provider.label) issuer \(provider.issuer), \(keys) signing keys")
            }
            logger.info("oidc: auth \(oidc.auth), sign-in \(oidc.required ? "required" : "optional") to register")
        }

        let certificate = try SiteCertificate.load(
            cert: try setting(cert, "cert"), key: try setting(key, "key"), dataDirectory: dataDirectory, host: host)
        if certificate.created { logger.info("created self-signed certificate \(certificate.certificateFile)") }
        let tls = try ServerTLSContext(
            certificateChainFile: certificate.certificateFile, privateKeyFile: certificate.keyFile)
        let opened = try await OpenedStore.open(
            url: try setting(store, "store"), dataDirectory: dataDirectory, serving: true, logger: logger)

        let signals = TerminationSignals()
        let server = try await SiteServer.start(
            configuration: configuration, store: opened.store, host: host, port: port, tls: tls, logger: logger)
        let boundPort = server.localAddress?.port ?? port
        logger.info(
            "certificate SHA-256 fingerprint \(tls.fingerprint.hex); clients use =\(host):\(boundPort)#\(tls.fingerprint.hex)"
        )
        logger.info("registration \(configuration.registration.rawValue), site name '\(configuration.siteName)'")
        FileHandle.standardError.write(Data("tmtpd: listening on \(host):\(boundPort)\n".utf8))

        let trimmer = Task { await HeapTrimmer.run() }
        let signal = await signals.wait()
        trimmer.cancel()
        logger.info("\(signal), shutting down")
        await server.shutdown()
        try opened.close()
        logger.info("stopped")
    }

    static func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, not '\(text)'") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
