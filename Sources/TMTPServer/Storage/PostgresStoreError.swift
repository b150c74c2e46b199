import PostgresNIO

/// A PostgreSQL failure as an operator can read it: postgres-nio's own description hides the
/// server's message (it may quote data), which leaves a log line saying nothing. This keeps the
/// SQLSTATE and the server's message text, never the query's parameters.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public var sqlState: String?
    public var message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? "\(error.code)"
    }

    public var description: String {
        "PostgreSQL: \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }

    /// Runs `body`, turning a PSQLError into this error.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw PostgresStoreError(error)
        }
    }
}
