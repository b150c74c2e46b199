import Dispatch
import GRDB
import NIOConcurrencyHelpers

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
    typealias Job = @Sendable (Database) throws -> any Sendable

    /// The writer's transactions a read saw: all up to `through`, none after `after`.
    struct Window: Sendable {
        var through: UInt64
        var after: UInt64
    }

    private struct Pending: Sendable {
        let job: Job
        let continuation: CheckedContinuation<(value: any Sendable, window: Window), any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let reader: DatabasePool
    private let commitNumbers: @Sendable () -> (committed: UInt64, begun: UInt64)
    private let queue = DispatchQueue(label: "tmtpd.store.reader")
    private let state = NIOLockedValueBox(State())

    /// - Parameter commitNumbers: the writer's ``GroupCommitter/commitNumbers``.
    init(reader: DatabasePool, commitNumbers: @escaping @Sendable () -> (committed: UInt64, begun: UInt64)) {
        self.reader = reader
        self.commitNumbers = commitNumbers
    }

    /// Runs `body` while no batch runs (and none starts), e.g. to close the database.
    func betweenBatches<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }

    /// Runs `job` in a read transaction and returns its result.
    func perform<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await performWindowed(job).value
    }

    /// Runs `job` in a read transaction and returns its result and what the read saw of the writer.
    func performWindowed<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> (
        value: T, window: Window
    ) {
        let (value, window) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(value: any Sendable, window: Window), any Error>) in
            let startsDrain = state.withLockedValue { state in
                state.pending.append(Pending(job: { try job($0) }, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startsDrain { queue.async { self.drain() } }
        }
        guard let result = value as? T else { throw StoreError.corruptRow("read result type") }
        return (result, window)
    }

    /// Serves batches until no read waits. Runs on `queue` only.
    private func drain() {
        while let batch = takeBatch() {
            let through = commitNumbers().committed
            let results: [Result<any Sendable, any Error>]
            do {
                results = try reader.read { db in batch.map { waiter in Result { try waiter.job(db) } } }
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            let window = Window(through: through, after: commitNumbers().begun)
            for (waiter, result) in zip(batch, results) {
                waiter.continuation.resume(with: result.map { (value: $0, window: window) })
            }
        }
    }

    private func takeBatch() -> [Pending]? {
        state.withLockedValue { state in
            guard !state.pending.isEmpty else {
                state.draining = false
                return nil
            }
            defer { state.pending = [] }
            return state.pending
        }
    }
}
