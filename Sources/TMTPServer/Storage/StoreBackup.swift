/// A consistent copy of a store taken while the server runs (`tmtpd backup`), kept apart from
/// ``ServerStore`` so each store backs up in its own way (SQLite's online backup here; `pg_dump` for a
/// PostgreSQL store).
public protocol StoreBackup: Sendable {
    /// Writes a copy of the store into `directory`, which must not exist yet, and returns what it holds.
    func backup(to directory: String) async throws -> BackupSummary
}

/// What a backup holds, as `tmtpd backup` and `tmtpd restore` report it.
public struct BackupSummary: Hashable, Sendable {
    public var users: Int
    public var messages: Int
    public var queuedDeliveries: Int
    /// Message files copied beside the database.
    public var files: Int

    public init(users: Int, messages: Int, queuedDeliveries: Int, files: Int) {
        self.users = users
        self.messages = messages
        self.queuedDeliveries = queuedDeliveries
        self.files = files
    }
}

/// A backup that cannot be taken or installed, saying why.
public struct BackupError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
