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
final class ReadBatcher: Sendable {
    typealias Job = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        let job: Job
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let reader: DatabasePool
    private let queue = DispatchQueue(label: "tmtpd.store.reader")
    private let state = NIOLockedValueBox(State())

    init(reader: DatabasePool) {
        self.reader = reader
    }

    /// Runs `job` in a read transaction and returns its result.
    func perform<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            let startsDrain = state.withLockedValue { state in
                state.pending.append(Pending(job: { try job($0) }, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startsDrain { queue.async { self.drain() } }
        }
        guard let result = value as? T else { throw StoreError.corruptRow("read result type") }
        return result
    }

    /// Serves batches until no read waits. Runs on `queue` only.
    private func drain() {
        while let batch = takeBatch() {
            let results: [Result<any Sendable, any Error>]
            do {
                results = try reader.read { db in batch.map { waiter in Result { try waiter.job(db) } } }
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
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
