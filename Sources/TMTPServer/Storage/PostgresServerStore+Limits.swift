import PostgresNIO

/// The limit counters in the database, each changed by one statement, so instances racing on one
/// address or user count every attempt once.
extension PostgresServerStore: SharedLimitCounters {
    public func recordLoginFailure(host: String, window: Duration) async throws {
        let windowMilliseconds = window.milliseconds
        try await execute(
            """
            INSERT INTO login_failure AS f (host, count, window_start)
            VALUES (\(host), 1, \(unescaped: Self.nowMilliseconds))
            ON CONFLICT (host) DO UPDATE SET
                count = CASE WHEN f.window_start > excluded.window_start - \(windowMilliseconds)
                    THEN f.count + 1 ELSE 1 END,
                window_start = CASE WHEN f.window_start > excluded.window_start - \(windowMilliseconds)
                    THEN f.window_start ELSE excluded.window_start END
            """)
    }

    public func loginFailures(host: String, window: Duration) async throws -> Int {
        try await value(
            """
            SELECT count FROM login_failure
            WHERE host = \(host) AND window_start > \(unescaped: Self.nowMilliseconds) - \(window.milliseconds)
            """, as: Int.self) ?? 0
    }

    public func takeDailyPing(uid: String, limit: Int) async throws -> Bool {
        try await !rows(
            """
            INSERT INTO daily_ping AS p (uid, day, count)
            VALUES (\(uid), floor(extract(epoch FROM clock_timestamp()) / 86400)::bigint, 1)
            ON CONFLICT (uid) DO UPDATE SET
                count = CASE WHEN p.day = excluded.day THEN p.count + 1 ELSE 1 END, day = excluded.day
            WHERE p.day <> excluded.day OR p.count < \(limit)
            RETURNING count
            """, as: Int.self
        ).isEmpty
    }

    /// Deletes failure counts whose window has long passed (run when an instance starts).
    func removeOldLoginFailures() async throws {
        try await execute(
            "DELETE FROM login_failure WHERE window_start < \(unescaped: Self.nowMilliseconds) - 86400000")
    }

    /// The database's clock in milliseconds since 1970.
    private static let nowMilliseconds = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
}

extension Duration {
    /// Whole milliseconds, for the database's clock arithmetic.
    var milliseconds: Int64 {
        nanoseconds / 1_000_000
    }
}
