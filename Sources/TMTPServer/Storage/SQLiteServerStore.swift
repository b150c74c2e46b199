import Foundation
import GRDB

/// The ``ServerStore`` on SQLite: one database file plus a blob directory under the data directory.
///
/// ## Durability
/// The database runs in WAL mode with `synchronous = FULL`: every commit appends to the write-ahead
/// log and fsyncs it before returning, so a committed change survives SIGKILL and power loss.
/// `NORMAL` (GRDB's default for WAL) would survive SIGKILL only, losing the last commits on power
/// loss, which would break the promise an `ack` with `msgid` makes. The price of one fsync per
/// commit is shared by group commit: writes that arrive while a commit is in progress are carried
/// by the next one, so under load one fsync serves many messages. Checkpoints are SQLite's automatic
/// passive ones (their fsyncs protect the database file the same way).
///
/// ## Startup
/// Opening the store for serving (``Options/removesLeftovers``) deletes temporary upload files and
/// blobs that no committed message references (left by a crash between a blob's completion and its
/// enqueue, or between an ack and the file's removal). Open one such store per data directory, before
/// accepting links. Admin tools open the directory of a live server, whose finished-but-not-yet-queued
/// uploads look exactly like such leftovers, so they must open it without that cleanup.
public final class SQLiteServerStore: ServerStore {
    /// What ``SQLiteServerStore`` can be asked to do differently.
    public struct Options: Sendable {
        /// Share commits among concurrent writes (on by default; off only to measure its effect).
        public var groupCommit = true
        /// The most writes one commit carries.
        public var maximumBatch = 1024
        /// Delete partial uploads and unreferenced blobs on open. Only the serving process may: another
        /// process (an admin command) would delete a live server's uploads in flight.
        public var removesLeftovers = true

        public init(groupCommit: Bool = true, maximumBatch: Int = 1024, removesLeftovers: Bool = true) {
            self.groupCommit = groupCommit
            self.maximumBatch = maximumBatch
            self.removesLeftovers = removesLeftovers
        }

        /// For a process that shares the data directory with a running server: no startup cleanup.
        public static let alongsideServer = Options(removesLeftovers: false)
    }

    /// What opening the store cleaned up.
    public struct StartupCleanup: Hashable, Sendable {
        public var temporaryFiles: Int
        public var orphanBlobs: Int
    }

    public let directory: String
    public let blobs: BlobStore
    public let startupCleanup: StartupCleanup
    let pool: DatabasePool
    let committer: GroupCommitter
    let reads: ReadBatcher
    /// Live node numbers by uid (a post's recipients).
    let nodeLists = ReadThroughCache<String, [Int]>(capacity: 20_000)
    /// Group rows by gid (a group post's recipients).
    let groupRows = ReadThroughCache<String, [String: GroupMembership]>(capacity: 5_000)
    /// Alias owners. Only found aliases are kept, never forgotten: an alias, once added, is never
    /// removed or given to another user.
    let aliasOwners = ReadThroughCache<String, String>(capacity: 50_000)
    let nodeRows = NodeRowCache()

    /// Opens (creating if needed) the store in `directory`.
    public init(directory: String, options: Options = Options()) throws {
        try FileSystem.makeDirectory(directory)
        self.directory = directory
        let blobs = try BlobStore(directory: directory + "/blobs")
        self.blobs = blobs
        let temporaryFiles = options.removesLeftovers ? try blobs.removeTemporaryFiles() : 0

        var configuration = Configuration()
        configuration.label = "tmtpd.store"
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: directory + "/server.sqlite", configuration: configuration)
        // After DatabasePool has switched the writer to WAL (which sets NORMAL); see the type's doc.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrator.migrate(pool)

        let orphans = options.removesLeftovers ? try Self.removeUnreferencedBlobs(blobs, pool: pool) : 0
        startupCleanup = StartupCleanup(temporaryFiles: temporaryFiles, orphanBlobs: orphans)
        let nodeRows = nodeRows
        let committer = GroupCommitter(
            writer: pool, batches: options.groupCommit, maximumBatch: options.maximumBatch,
            afterFailedCommit: { nodeRows.forgetAll() })
        self.committer = committer
        reads = ReadBatcher(reader: pool, commitNumbers: { committer.commitNumbers })
    }

    private static func removeUnreferencedBlobs(_ blobs: BlobStore, pool: DatabasePool) throws -> Int {
        let referenced = try pool.read { db in
            try Set(String.fetchAll(db, sql: "SELECT blob FROM message WHERE blob IS NOT NULL"))
        }
        var orphans = 0
        for blob in try blobs.finishedBlobs() where !referenced.contains(blob.rawValue) {
            try blobs.discard(blob)
            orphans += 1
        }
        return orphans
    }

    /// Closes the database; later calls fail. A call still in flight (a delivery reading as its
    /// link goes) finishes first or fails, but never runs against a closing connection.
    public func close() throws {
        try reads.betweenBatches { try committer.betweenBatches { try pool.close() } }
    }

    /// How writes have been grouped into commits so far.
    public var writeStatistics: WriteStatistics {
        committer.statistics
    }

    /// The `synchronous` setting of the writing connection (2 = FULL), for tests and diagnostics.
    public func synchronousMode() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    // MARK: Shared helpers

    func write<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await committer.perform(job)
    }

    func read<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await reads.perform(job)
    }

    /// The row id of a live node, for a job on the writer (which may remember it).
    func writerNodeRow(_ db: Database, _ node: NodeAddress) throws -> Int64? {
        if let row = nodeRows.row(of: node) { return row }
        guard let row = try Self.nodeRow(db, node) else { return nil }
        nodeRows.keep(row, for: node)
        return row
    }

    /// The row id of a live node, for a read job (which only uses what the writer remembered).
    func readerNodeRow(_ db: Database, _ node: NodeAddress) throws -> Int64? {
        try nodeRows.row(of: node) ?? Self.nodeRow(db, node)
    }

    /// The row id of a live node.
    static func nodeRow(_ db: Database, _ node: NodeAddress) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM node WHERE uid = ? AND number = ? AND defunct = 0"),
            arguments: [node.uid, node.number])
    }

    static func userExists(_ db: Database, _ uid: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM user WHERE uid = ?)"), arguments: [uid])
            ?? false
    }

    static func aliasOwner(_ db: Database, _ alias: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT uid FROM alias WHERE alias = ?"), arguments: [alias])
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Message ids are stored as SQLite's signed integers; refusing the top bit keeps their order.
    static func storedID(_ id: UInt64) throws -> Int64 {
        guard id < 1 << 63 else { throw StoreError.messageIDOutOfRange(id) }
        return Int64(id)
    }
}
