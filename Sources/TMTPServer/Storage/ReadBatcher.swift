import GRDB

/// Runs read jobs in batches: every read that arrives while a batch runs is served by the next one,
/// all of it in one read transaction on one serial dispatch queue that calls GRDB synchronously.
///
/// Like ``GroupCommitter`` for writes, this makes a batch of reads cost one thread hop instead of one
/// asynchronous GRDB access each (the delivery path reads once per message it sends). A batch opens
/// its snapshot after its reads were submitted, so each read observes every commit that finished
/// before the read started. A job that throws fails alone.
///
/// Each read also learns which of the writer's numbered transactions its snapshot surely holds and
/// which it surely lacks (see ``QueueBatch``): it notes the last finished one before it begins and
/// the last begun one after it ends.
final class ReadBatcher: Sendable {
    /// The writer's transactions a read saw: all up to `through`, none after `after`.
    struct Window: Sendable {
        var through: UInt64
        var after: UInt64
    }

    private let batches: BatchQueue<Window>

    /// - Parameter commitNumbers: the writer's ``GroupCommitter/commitNumbers``.
    init(reader: DatabasePool, commitNumbers: @escaping @Sendable () -> (committed: UInt64, begun: UInt64)) {
        batches = BatchQueue(label: "tmtpd.store.reader", maximumBatch: .max) { jobs in
            let through = commitNumbers().committed
            let results: [Result<any Sendable, any Error>]
            do {
                results = try reader.read { db in jobs.map { job in Result { try job(db) } } }
            } catch {
                results = Array(repeating: .failure(error), count: jobs.count)
            }
            return (results, Window(through: through, after: commitNumbers().begun))
        }
    }

    /// Runs `body` while no batch runs (and none starts), e.g. to close the database.
    func betweenBatches<T>(_ body: () throws -> T) rethrows -> T {
        try batches.betweenBatches(body)
    }

    /// Runs `job` in a read transaction and returns its result.
    func perform<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await performWindowed(job).value
    }

    /// Runs `job` in a read transaction and returns its result and what the read saw of the writer.
    func performWindowed<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> (
        value: T, window: Window
    ) {
        let (value, window) = try await batches.submit(job)
        return (value, window)
    }
}
