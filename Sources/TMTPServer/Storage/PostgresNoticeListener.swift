import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Listens, on a connection of its own, for the notices other instances send (queue changes,
/// presence) and hands each payload on by channel. When the connection breaks (PostgreSQL
/// restarted, the network went) it connects again, backing off up to five seconds, and reports each
/// start of listening, since notices sent before it are lost.
///
/// The connection also holds this instance's liveness lock (a session advisory lock that PostgreSQL
/// drops with the connection), by which other instances tell its presence rows from a dead one's.
final class PostgresNoticeListener: Sendable {
    private let task: NIOLockedValueBox<Task<Void, Never>?> = NIOLockedValueBox(nil)
    private let connection: NIOLockedValueBox<PostgresConnection?> = NIOLockedValueBox(nil)

    /// - Parameters:
    ///   - livenessKey: the text whose advisory lock marks this instance alive.
    ///   - received: each notice's channel and payload, in the order they arrive.
    ///   - listening: runs each time listening starts; its argument says whether after a break.
    init(
        location: PostgresLocation, channels: [String], livenessKey: String, logger: Logger,
        received: @escaping @Sendable (String, String) -> Void,
        listening: @escaping @Sendable (_ again: Bool) async -> Void
    ) {
        let connection = connection
        let listening = Task {
            var listenedBefore = false
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                do {
                    let current = try await PostgresConnection.connect(
                        configuration: location.connectionConfiguration(), id: 0, logger: logger)
                    connection.withLockedValue { $0 = current }
                    let live = try await Self.takeLivenessLock(livenessKey, on: current, logger: logger)
                    var sequences: [(String, PostgresNotificationSequence)] = []
                    for channel in channels { sequences.append((channel, try await current.listen(channel))) }
                    if listenedBefore { logger.info("notices: listening again") }
                    await listening(listenedBefore)
                    listenedBefore = true
                    delay = .milliseconds(100)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (channel, notices) in sequences {
                            group.addTask {
                                for try await notice in notices { received(channel, notice.payload) }
                            }
                        }
                        if !live {
                            // The previous connection's session has not ended yet (the database has not
                            // noticed it is gone); until it does, other instances do not count this
                            // one's presence.
                            logger.warning("notices: the liveness lock is still held by a previous connection")
                            group.addTask {
                                while try await !Self.takeLivenessLock(livenessKey, on: current, logger: logger) {
                                    try await Task.sleep(for: .seconds(5))
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("notices: \(String(reflecting: error))") }
                }
                if let broken = connection.withLockedValue({ value in
                    defer { value = nil }; return value
                }) {
                    try? await broken.close()
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        task.withLockedValue { $0 = listening }
    }

    /// Takes this instance's liveness lock on `connection`; `false` when another session holds it.
    private static func takeLivenessLock(_ key: String, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        let rows = try await connection.query(
            "SELECT pg_try_advisory_lock(\(PostgresSchema.LockKey.liveness), hashtext(\(key)))", logger: logger)
        for try await taken in rows.decode(Bool.self) { return taken }
        return false
    }

    func stop() {
        task.withLockedValue { $0?.cancel() }
        if let current = connection.withLockedValue({ $0 }) {
            let closing: EventLoopFuture<Void> = current.close()
            closing.whenComplete { _ in }
        }
    }
}
