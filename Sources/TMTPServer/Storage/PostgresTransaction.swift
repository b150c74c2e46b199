import Logging
import PostgresNIO

/// One PostgreSQL transaction that rethrows the body's own error (a ``DirectoryError`` stays one),
/// unlike postgres-nio's `withTransaction`, which wraps it.
enum PostgresTransaction {
    static func run<T: Sendable>(
        on connection: PostgresConnection, logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.query("BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(connection)
        } catch {
            // A connection that cannot roll back is closed by the pool; the error that matters is the body's.
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
        try await connection.query("COMMIT", logger: logger)
        return value
    }
}

/// SQLSTATE codes the store tells apart.
enum PostgresErrorCode {
    static let uniqueViolation = "23505"

    /// The SQLSTATE of a server error, if `error` is one.
    static func of(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState] ?? (error as? PostgresStoreError)?.sqlState
    }
}
