import Foundation
import NIOSSL
import PostgresNIO

/// Where a ``PostgresServerStore`` connects: a `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=MODE` URL.
///
/// The password travels only to the server's SCRAM exchange (PostgreSQL's default for TCP logins);
/// it never appears in ``description``. `sslmode` takes libpq's values with libpq's meaning, and
/// defaults, as libpq does, to `prefer`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// PostgreSQL's `application_name` for every connection: how `pg_stat_activity`, and so
    /// `tmtpd stats`, tells the instances apart.
    public var applicationName = "tmtpd"

    /// Parses the URL given to `tmtpd serve --store`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else { throw Invalid(description: "the store must be postgres://USER:PASSWORD@HOST:PORT/DB") }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "the postgres URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "the postgres URL names no user")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Invalid(description: "the postgres URL names no database") }
        var mode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw Invalid(description: "unknown postgres URL parameter '\(item.name)' (only sslmode)")
            }
            guard let value = item.value.flatMap(SSLMode.init(rawValue:)) else {
                let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(description: "sslmode must be one of \(modes), not '\(item.value ?? "")'")
            }
            mode = value
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password
        self.database = database
        self.sslMode = mode
    }

    /// The URL without its password, for logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The TLS behaviour libpq has for this `sslmode`: `nil` for none; `allow` and `prefer` try TLS
    /// and fall back, `require` insists on TLS without checking the certificate (as libpq does
    /// without a root certificate), `verify-ca` checks the chain, `verify-full` the chain and the host.
    private var tlsPolicy: (configuration: TLSConfiguration, required: Bool)? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: break
        }
        return (configuration, sslMode != .allow && sslMode != .prefer)
    }

    /// The pool's configuration.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var tls = PostgresClient.Configuration.TLS.disable
        if let policy = tlsPolicy {
            tls = policy.required ? .require(policy.configuration) : .prefer(policy.configuration)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The configuration of a single connection outside the pool (the notification listener).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tls = PostgresConnection.Configuration.TLS.disable
        if let policy = tlsPolicy {
            let context = try NIOSSLContext(configuration: policy.configuration)
            tls = policy.required ? .require(context) : .prefer(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
