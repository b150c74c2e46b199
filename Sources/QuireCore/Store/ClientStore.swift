import Foundation
import GRDB
import Logging

/// The client's durable state: accounts, threads and messages, address book, drafts, outbox,
/// tags, notices and the search index, in one SQLite database (WAL, through a GRDB pool).
///
/// Every method is async and touches only the local database, so a screen or command never
/// waits on the network. Each write is one transaction; after it commits, the store tells
/// every `changes()` subscriber what it changed. Reads run concurrently with writes.
/// Several processes may open the same store: SQLite serialises their writes.
public actor ClientStore {
    /// The tag every new thread starts with, as in the reference client.
    public static let todoTag = "Todo"

    nonisolated let pool: DatabasePool
    /// Where received attachment files go, one subdirectory per account; nil when the store
    /// does not keep files (tests, benchmarks).
    public nonisolated let attachmentsDirectory: URL?
    private let logger = Logger(label: "quire.store")
    private let changeBroadcast = Broadcast<StoreChange>(bufferingNewest: 1024)

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String, attachmentsDirectory: URL? = nil) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another quire process may be writing: wait for it rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Acks are sent only after commit, so a commit must survive power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.attachmentsDirectory = attachmentsDirectory
        try ClientStoreSchema.migrator.migrate(pool)
    }

    /// Opens the store of a Quire home, creating its directories.
    public init(home: QuireHome) throws {
        try home.createDirectories()
        try self.init(path: home.databaseURL.path, attachmentsDirectory: home.attachmentsDirectory)
    }

    /// The names of the migrations applied to this store, in order.
    public nonisolated func appliedMigrations() async throws -> [String] {
        let applied = try await pool.read { db in try ClientStoreSchema.migrator.appliedMigrations(db) }
        return applied
    }

    /// Moves the write-ahead log into the database file and empties it, so the file size is the
    /// store's size (benchmarks; a backup taken by copying the file).
    public func checkpoint() async throws {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Every migration this version of Quire knows, in order.
    public static var knownMigrations: [String] { ClientStoreSchema.migrator.migrations }

    // MARK: - Change events

    /// A stream of what each committed write changed. Subscribe before writing to see the write;
    /// a subscriber that falls more than 1024 changes behind loses the oldest ones.
    public func changes() -> AsyncStream<StoreChange> {
        changeBroadcast.subscribe()
    }

    private func emit(_ changes: [StoreChange]) {
        var seen: Set<StoreChange> = []
        for change in changes where seen.insert(change).inserted {
            changeBroadcast.publish(change)
        }
    }

    // MARK: - Transactions

    /// Runs `body` in one write transaction, then announces the changes it reports.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> (T, [StoreChange])) async throws -> T {
        let (value, changes) = try await pool.write(body)
        emit(changes)
        return value
    }

    /// The synchronous read-only view of this store (for a UI thread).
    public nonisolated var reader: StoreReader { StoreReader(pool: pool) }

    nonisolated func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// The row id of an account, or `unknownAccount`.
    static func accountID(_ db: Database, _ name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE name = ?", arguments: [name]) else {
            throw ClientStoreError.unknownAccount(name)
        }
        return id
    }

    func logRemoval(of account: String, attachments: URL?) {
        logger.info(
            "removed account", metadata: ["account": "\(account)", "attachments": "\(attachments?.path ?? "-")"])
    }
}
