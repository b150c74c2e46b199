import GRDBSQLite

/// The unread counts, read through SQLite's C interface: what `quire check` runs on a headless
/// machine every minute, where starting the process is most of the cost.
///
/// GRDB would give the same rows, but its first use instantiates generic types (dictionaries,
/// sets, dispatch queues) whose protocol conformances the Swift runtime finds by scanning every
/// conformance record in the binary, about a third of a millisecond each in a binary this size.
/// This reader makes no such lookup. It opens the store read-only, checks in one read
/// transaction that every migration this version knows has run, and runs the same query as
/// ``StoreReader/unreadCounts()``.
public enum UnreadCountsProbe {
    /// The counts, one per account in the order they were added; nil when there is no store at
    /// `path`, it cannot be read, or its schema is not this version's (the caller then takes the
    /// usual path, which migrates or reports the fault).
    public static func read(path: String) -> [UnreadCount]? {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let connection = handle else {
            sqlite3_close(handle)
            return nil
        }
        defer { sqlite3_close(connection) }
        // As the store's own connections wait for a writer.
        sqlite3_busy_timeout(connection, 10_000)
        guard sqlite3_exec(connection, "BEGIN", nil, nil, nil) == SQLITE_OK else { return nil }
        defer { sqlite3_exec(connection, "COMMIT", nil, nil, nil) }
        guard let applied = rows(connection, "SELECT identifier FROM grdb_migrations", { text($0, 0) }),
            ClientStoreSchema.migrationIdentifiers.allSatisfy({ applied.contains($0) })
        else { return nil }
        return rows(connection, ClientStore.unreadCountsSQL) { statement in
            UnreadCount(
                account: text(statement, 0),
                unreadThreads: Int(sqlite3_column_int64(statement, 1)),
                unreadMessages: Int(sqlite3_column_int64(statement, 2)))
        }
    }

    /// Every row of `sql`, or nil on any error.
    private static func rows<Row>(
        _ connection: OpaquePointer, _ sql: String, _ row: (OpaquePointer) -> Row
    ) -> [Row]? {
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &prepared, nil) == SQLITE_OK, let statement = prepared else {
            return nil
        }
        defer { sqlite3_finalize(statement) }
        var result: [Row] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: result.append(row(statement))
            case SQLITE_DONE: return result
            default: return nil
            }
        }
    }

    private static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
    }
}
