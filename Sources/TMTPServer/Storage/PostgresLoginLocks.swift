import Logging
import PostgresNIO

/// The nodes logged in on this instance, as session-level advisory locks on one connection of its
/// own: PostgreSQL releases them when the connection ends, so when an instance dies (SIGKILL, a
/// lost machine) its nodes can log in elsewhere at once, with nothing to expire.
///
/// When the connection breaks while the instance lives (PostgreSQL restarted), the next use connects
/// again and takes the locks back; a node that another instance took meanwhile is logged.
actor PostgresLoginLocks {
    private let location: PostgresLocation
    private let logger: Logger
    private var connection: PostgresConnection?
    private var connecting: Task<PostgresConnection, any Error>?
    /// How many times each node's lock is held (PostgreSQL counts a session's locks the same way:
    /// a release racing a new login on this instance leaves the lock with the new login).
    private var held: [NodeAddress: Int] = [:]

    init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    /// Takes the node's lock; `false` when another instance holds it.
    func claim(_ node: NodeAddress) async throws -> Bool {
        let connection = try await connected()
        guard try await Self.tryLock(node, on: connection, logger: logger) else { return false }
        held[node, default: 0] += 1
        return true
    }

    func release(_ node: NodeAddress) async {
        guard let count = held[node] else { return }
        held[node] = count > 1 ? count - 1 : nil
        guard let connection, !connection.isClosed else { return }
        do {
            try await connection.query(
                "SELECT pg_advisory_unlock(hashtextextended(\(Self.key(node)), 0))", logger: logger)
        } catch {
            logger.warning("login lock of \(node) not released: \(error)")
        }
    }

    /// Connects again now if the connection broke, re-taking the held locks.
    func reconnect() async throws {
        guard !held.isEmpty else { return }
        _ = try await connected()
    }

    func close() async {
        try? await connection?.close()
        connection = nil
    }

    /// The open connection, after connecting again and re-taking the held locks if it broke.
    ///
    /// Callers that arrive while a connection is being made wait for that one: two connections made
    /// side by side would each hold some locks, and the one kept could not re-take the other's.
    private func connected() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        if let connecting { return try await connecting.value }
        let task = Task { try await self.connectAgain() }
        connecting = task
        defer { connecting = nil }
        return try await task.value
    }

    private func connectAgain() async throws -> PostgresConnection {
        let fresh = try await PostgresConnection.connect(
            configuration: location.connectionConfiguration(), id: 0, logger: logger)
        for (node, count) in held {
            for _ in 0..<count where try await !Self.tryLock(node, on: fresh, logger: logger) {
                held[node] = nil
                logger.warning("login lock of \(node) was taken by another instance while the database was away")
                break
            }
        }
        connection = fresh
        return fresh
    }

    private static func tryLock(_ node: NodeAddress, on connection: PostgresConnection, logger: Logger) async throws
        -> Bool
    {
        let rows = try await connection.query(
            "SELECT pg_try_advisory_lock(hashtextextended(\(key(node)), 0))", logger: logger)
        for try await locked in rows.decode(Bool.self) { return locked }
        return false
    }

    private static func key(_ node: NodeAddress) -> String {
        "tmtpd login " + node.description
    }
}
