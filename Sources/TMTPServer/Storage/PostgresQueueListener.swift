import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Listens, on a connection of its own, for the queue notices other instances send, and turns them
/// into ``QueueWakeUp``s. When the connection breaks (PostgreSQL restarted, the network went) it
/// connects again, backing off up to five seconds, and then wakes every node, since notices sent in
/// between are lost.
final class PostgresQueueListener: Sendable {
    let wakeUps: AsyncStream<QueueWakeUp>
    private let task: NIOLockedValueBox<Task<Void, Never>?> = NIOLockedValueBox(nil)
    private let connection: NIOLockedValueBox<PostgresConnection?> = NIOLockedValueBox(nil)

    /// - Parameter relistened: runs each time listening resumes after a break.
    init(
        location: PostgresLocation, sender: String, logger: Logger,
        relistened: @escaping @Sendable () async -> Void
    ) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: QueueWakeUp.self, bufferingPolicy: .bufferingNewest(4096))
        wakeUps = stream
        let connection = connection
        let listening = Task {
            var listenedBefore = false
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                do {
                    let current = try await PostgresConnection.connect(
                        configuration: location.connectionConfiguration(), id: 0, logger: logger)
                    connection.withLockedValue { $0 = current }
                    let notices = try await current.listen(PostgresQueueNotice.channel)
                    if listenedBefore {
                        logger.info("queue notices: listening again")
                        await relistened()
                        continuation.yield(.everyNode)
                    }
                    listenedBefore = true
                    delay = .milliseconds(100)
                    for try await notice in notices {
                        for wakeUp in PostgresQueueNotice.wakeUps(in: notice.payload, ignoring: sender) {
                            continuation.yield(wakeUp)
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("queue notices: \(String(reflecting: error))") }
                }
                if let broken = connection.withLockedValue({ value in
                    defer { value = nil }; return value
                }) {
                    try? await broken.close()
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
            continuation.finish()
        }
        task.withLockedValue { $0 = listening }
    }

    func stop() {
        task.withLockedValue { $0?.cancel() }
        if let current = connection.withLockedValue({ $0 }) {
            let closing: EventLoopFuture<Void> = current.close()
            closing.whenComplete { _ in }
        }
    }
}
