import Foundation
import Logging
import PostgresNIO
import TMTPServer

/// The server store a test runs on. PostgreSQL tests run against the server named by
/// `TMTPD_TEST_POSTGRES_URL` (a role that may create databases), each in a database of its own.
///
/// Without that variable the PostgreSQL cases are left out of a local run (``PostgresAvailabilityTests``
/// reports the skip); under CI (`CI` set) they stay in and fail, so a run can never pass by leaving
/// PostgreSQL out.
public enum TestStore: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public static let urlVariable = "TMTPD_TEST_POSTGRES_URL"

    /// The URL of the test PostgreSQL server, if set.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether this is a CI run, where PostgreSQL must be there.
    public static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false
    }

    /// The stores to run store-dependent tests on.
    public static var all: [TestStore] {
        postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite]
    }

    public var description: String { rawValue }

    public struct PostgresMissing: Error, CustomStringConvertible {
        public var description: String {
            "CI is set but \(TestStore.urlVariable) is not: the PostgreSQL tests cannot run (.ci/run sets it)"
        }
    }
}

/// A fresh, empty database on the test PostgreSQL server, dropped by ``drop()``.
public struct TestDatabase: Sendable {
    public let location: PostgresLocation

    private static let logger = Logger(label: "tmtpd-test-postgres")

    /// The store URL of this database, as `tmtpd serve --store` takes it.
    public var url: String {
        var url = "postgres://\(location.username)"
        if let password = location.password { url += ":\(password)" }
        return url + "@\(location.host):\(location.port)/\(location.database)?sslmode=\(location.sslMode.rawValue)"
    }

    /// Creates a database named after a fresh UUID.
    public static func create() async throws -> TestDatabase {
        guard let url = TestStore.postgresURL else { throw TestStore.PostgresMissing() }
        let server = try PostgresLocation(url: url)
        var location = server
        location.database = "tmtpd_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(location.database)", on: server)
        return TestDatabase(location: location)
    }

    /// Drops the database, closing any connection still open to it.
    public func drop() async {
        guard let url = TestStore.postgresURL, let server = try? PostgresLocation(url: url) else { return }
        try? await Self.execute("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)", on: server)
    }

    /// Ends every connection to this database, as a PostgreSQL restart does to its clients.
    public func dropConnections() async throws {
        guard let url = TestStore.postgresURL else { throw TestStore.PostgresMissing() }
        try await Self.execute(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = '\(location.database)' AND pid <> pg_backend_pid()
            """, on: try PostgresLocation(url: url))
    }

    /// Opens a store on this database, its local files in `spoolDirectory`.
    public func open(spoolDirectory: String) async throws -> PostgresServerStore {
        try await PostgresServerStore.open(location, spoolDirectory: spoolDirectory, maximumConnections: 8)
    }

    private static func execute(_ sql: String, on server: PostgresLocation) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: server.connectionConfiguration(), id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
