import Dispatch
import GRDB
import NIOConcurrencyHelpers

/// Database jobs that callers submit one at a time and one serial dispatch queue runs in batches:
/// every job that arrives while a batch runs waits for the next batch, and a batch costs one thread
/// hop (none while the queue is already busy) instead of one asynchronous GRDB access per job.
///
/// What a batch is (a shared transaction, a read snapshot) is the owner's `run`, which gets the batch's
/// jobs and returns one result per job plus a `Note` every caller of that batch receives (the
/// transaction's number, say). Jobs run in the order they were submitted.
final class BatchQueue<Note: Sendable>: Sendable {
    typealias Job = @Sendable (Database) throws -> any Sendable
    typealias Run = @Sendable ([Job]) -> (results: [Result<any Sendable, any Error>], note: Note)

    private struct Pending: Sendable {
        let job: Job
        let continuation: CheckedContinuation<(value: any Sendable, note: Note), any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let queue: DispatchQueue
    private let maximumBatch: Int
    private let run: Run
    private let state = NIOLockedValueBox(State())

    /// - Parameters:
    ///   - label: the dispatch queue's label.
    ///   - maximumBatch: the most jobs one batch carries.
    ///   - run: runs one batch, on the queue.
    init(label: String, maximumBatch: Int, run: @escaping Run) {
        self.queue = DispatchQueue(label: label)
        self.maximumBatch = max(1, maximumBatch)
        self.run = run
    }

    /// Jobs waiting for the next batch.
    var waiting: Int { state.withLockedValue { $0.pending.count } }

    /// Runs `body` while no batch runs (and none starts), e.g. to close the database.
    func betweenBatches<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }

    /// Runs `job` in the next batch; returns its result and the batch's note.
    func submit<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> (
        value: T, note: Note
    ) {
        let (value, note) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(value: any Sendable, note: Note), any Error>) in
            let startsDrain = state.withLockedValue { state in
                state.pending.append(Pending(job: { try job($0) }, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startsDrain { queue.async { self.drain() } }
        }
        guard let result = value as? T else { throw StoreError.corruptRow("batched job result type") }
        return (result, note)
    }

    /// Runs batches until no job waits. Runs on `queue` only.
    private func drain() {
        while let batch = takeBatch() {
            let (results, note) = run(batch.map(\.job))
            for (waiter, result) in zip(batch, results) {
                waiter.continuation.resume(with: result.map { (value: $0, note: note) })
            }
        }
    }

    /// The next jobs to run together, or `nil` (and draining ends) when none waits.
    private func takeBatch() -> [Pending]? {
        state.withLockedValue { state in
            guard !state.pending.isEmpty else {
                state.draining = false
                return nil
            }
            let count = min(state.pending.count, maximumBatch)
            defer { state.pending.removeFirst(count) }
            return Array(state.pending.prefix(count))
        }
    }
}
