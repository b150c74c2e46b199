import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The ``ServerStore`` on PostgreSQL, shared by any number of tmtpd instances.
///
/// ## Durability
/// Every mutating method commits one transaction and returns after PostgreSQL has flushed it
/// (`synchronous_commit = on`, PostgreSQL's default, which its own group commit makes cheap under
/// load). Message data lives in the database too (``MessageData/blob(_:)`` contents in
/// `message.blob_data`), so instances on different machines share no file system.
///
/// ## Local blob files
/// The engine streams uploads into, and deliveries out of, files in ``blobs``; here that directory is
/// a spool and a cache. An enqueue copies each finished blob into its message row in the same
/// transaction; a delivery on another instance writes the file from the row the first time it needs
/// it. A file whose message is gone is removed by the ack that frees it on this instance, and on the
/// next open elsewhere.
///
/// ## Across instances
/// An enqueue sends, in its transaction, a `NOTIFY` naming the nodes it queued for, which reaches
/// every other instance as it commits (``queueWakeUps()``). Directory changes take one transaction-scoped advisory lock, so their rules (an alias is not a
/// gid, node numbering, the 100-node limit) hold whichever instance runs them. Message ids come
/// from one sequence. Posts with a quota lock their recipients' node rows, so two instances cannot
/// both fill the last place of a queue.
public final class PostgresServerStore: ServerStore {
    public let location: PostgresLocation
    public let blobs: BlobStore
    /// This store's name in the queue notices it sends, so it can skip its own.
    let instance = UUID().uuidString
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let listener = NIOLockedValueBox<PostgresNoticeListener?>(nil)
    private let logins: PostgresLoginLocks
    private let wakeUps = AsyncStream.makeStream(of: QueueWakeUp.self, bufferingPolicy: .bufferingNewest(4096))
    private let presence = AsyncStream.makeStream(of: PresenceNotice.self, bufferingPolicy: .bufferingNewest(4096))
    /// One pending signal is enough: each makes the server read every change it has not seen.
    let memberSignals = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    private init(location: PostgresLocation, blobs: BlobStore, client: PostgresClient, logger: Logger) {
        self.location = location
        self.blobs = blobs
        self.client = client
        self.logger = logger
        logins = PostgresLoginLocks(location: location, logger: logger)
        running = Task { await client.run() }
    }

    /// Connects, applies missing migrations, and keeps `spoolDirectory` for upload and delivery files.
    ///
    /// - Parameter removesLeftovers: delete partial uploads and cached files of messages that are
    ///   gone; only a serving process may (an admin command would delete a live server's uploads).
    public static func open(
        _ location: PostgresLocation, spoolDirectory: String, maximumConnections: Int = 16,
        removesLeftovers: Bool = true, logger: Logger = Logger(label: "tmtpd.store")
    ) async throws -> PostgresServerStore {
        try FileSystem.makeDirectory(spoolDirectory)
        let blobs = try BlobStore(directory: spoolDirectory + "/blobs")
        // The pool reports each connection it opens or loses at info; a warning is what an operator needs.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(
            configuration: location.clientConfiguration(maximumConnections: maximumConnections),
            backgroundLogger: poolLogger)
        let store = PostgresServerStore(location: location, blobs: blobs, client: client, logger: logger)
        do {
            try await PostgresStoreError.mapping { try await PostgresSchema.migrate(location, logger: logger) }
            if removesLeftovers {
                try await store.removeLeftovers()
                try await store.removeDeadPresence()
                try await store.removeOldLoginFailures()
            }
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Stops the connection pool and the notice listener; later calls fail.
    public func close() {
        listener.withLockedValue { $0?.stop() }
        wakeUps.continuation.finish()
        presence.continuation.finish()
        memberSignals.continuation.finish()
        let logins = logins
        Task { await logins.close() }
        running.cancel()
    }

    /// Takes the node's login lock (see ``PostgresLoginLocks``).
    public func claimLogin(_ node: NodeAddress) async throws -> Bool {
        try await logins.claim(node)
    }

    public func releaseLogin(_ node: NodeAddress) async {
        await logins.release(node)
    }

    /// Wake-ups from the queue notices other instances send (see ``PostgresNoticeListener``).
    public func queueWakeUps() -> AsyncStream<QueueWakeUp> {
        listen()
        return wakeUps.stream
    }

    /// The presence changes other instances send.
    public func presenceNotices() -> AsyncStream<PresenceNotice> {
        listen()
        return presence.stream
    }

    /// The text of the advisory lock that marks this instance alive while its listener is connected.
    var livenessKey: String { "tmtpd instance " + instance }

    /// Starts the notice listener, once.
    func listen() {
        listener.withLockedValue { listener in
            guard listener == nil else { return }
            let logins = logins
            let (instance, wakeUps, presence) = (instance, wakeUps.continuation, presence.continuation)
            let members = memberSignals.continuation
            listener = PostgresNoticeListener(
                location: location,
                channels: [PostgresQueueNotice.channel, PostgresPresenceNotice.channel, Self.memberChannel],
                livenessKey: livenessKey, logger: logger,
                received: { channel, payload in
                    if channel == PostgresQueueNotice.channel {
                        for wakeUp in PostgresQueueNotice.wakeUps(in: payload, ignoring: instance) {
                            wakeUps.yield(wakeUp)
                        }
                    } else if channel == Self.memberChannel {
                        members.yield()
                    } else if let notice = PostgresPresenceNotice.notice(in: payload, ignoring: instance) {
                        presence.yield(notice)
                    }
                },
                listening: { again in
                    // Member changes made before listening began are read now.
                    members.yield()
                    guard again else { return }
                    // Back after a break: the login locks went with the old connections, and
                    // queue notices sent meanwhile are lost.
                    try? await logins.reconnect()
                    wakeUps.yield(.everyNode)
                })
        }
    }

    /// Deletes partial uploads and cached files no stored message names.
    private func removeLeftovers() async throws {
        try blobs.removeTemporaryFiles()
        let cached = try blobs.finishedBlobs()
        guard !cached.isEmpty else { return }
        let names = cached.map(\.rawValue)
        let found: [String] = try await rows("SELECT blob FROM message WHERE blob = ANY(\(names))", as: String.self)
        let referenced = Set(found)
        for blob in cached where !referenced.contains(blob.rawValue) { try? blobs.discard(blob) }
    }

    // MARK: Shared helpers

    /// Runs `body` in one transaction on a pooled connection.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        return try await PostgresStoreError.mapping {
            try await client.withConnection { connection in
                try await PostgresTransaction.run(on: connection, logger: logger, body)
            }
        }
    }

    /// A directory change: one transaction holding the directory lock.
    func directoryChange<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        return try await transaction { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresSchema.LockKey.directory))", logger: logger)
            return try await body(connection)
        }
    }

    /// Runs a statement whose rows do not matter, on `connection` or a pooled one.
    func execute(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws {
        _ = try await rows(query, as: Bool?.self, on: connection, decoding: false)
    }

    /// The rows of a query, all collected, on `connection` or a pooled one.
    func rows<each Column: PostgresDecodable>(
        _ query: PostgresQuery, as type: (repeat each Column).Type, on connection: PostgresConnection? = nil,
        decoding: Bool = true
    ) async throws -> [(repeat each Column)] {
        try await PostgresStoreError.mapping {
            let sequence =
                if let connection {
                    try await connection.query(query, logger: logger)
                } else {
                    try await client.query(query, logger: logger)
                }
            var result: [(repeat each Column)] = []
            guard decoding else {
                for try await _ in sequence {}
                return result
            }
            for try await row in sequence.decode(type) { result.append(row) }
            return result
        }
    }

    /// The first column of a query's first row.
    func value<T: PostgresDecodable>(
        _ query: PostgresQuery, as type: T.Type, on connection: PostgresConnection? = nil
    ) async throws -> T? {
        try await rows(query, as: type, on: connection).first
    }

    /// The row id of a live node.
    func nodeRow(_ node: NodeAddress, on connection: PostgresConnection? = nil) async throws -> Int64? {
        try await value(
            "SELECT id FROM node WHERE uid = \(node.uid) AND number = \(node.number) AND NOT defunct", as: Int64.self,
            on: connection)
    }

    func userExists(_ uid: String, on connection: PostgresConnection? = nil) async throws -> Bool {
        try await value("SELECT EXISTS (SELECT 1 FROM site_user WHERE uid = \(uid))", as: Bool.self, on: connection)
            ?? false
    }

    func aliasOwner(_ alias: String, on connection: PostgresConnection? = nil) async throws -> String? {
        try await value("SELECT uid FROM alias WHERE alias = \(alias)", as: String.self, on: connection)
    }
}
