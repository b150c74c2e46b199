import GRDB
import NIOConcurrencyHelpers

/// Runs write jobs so that concurrent callers share transactions: one commit, hence one fsync,
/// serves every job that arrived while the previous commit was in progress.
///
/// The jobs run on one serial dispatch queue that calls GRDB synchronously, so a whole batch costs
/// one thread hop (none while the queue is already busy) instead of one asynchronous GRDB access
/// per job; under load that hopping, not SQLite, was most of a post's cost.
///
/// Each job of a shared commit runs in its own savepoint, so a job that throws (a directory refusal,
/// say) rolls back only its own changes and reports its own error; the others still commit. A job
/// alone in its commit needs no savepoint: when it throws, the whole transaction rolls back. Every
/// caller resumes after the commit that carries its job, with that job's result, or with the
/// commit's error. Jobs run in the order they were submitted.
final class GroupCommitter: Sendable {
    typealias Job = BatchQueue<UInt64>.Job

    private struct Numbers {
        var statistics = WriteStatistics()
        /// The number given to the latest transaction, before it began.
        var begun: UInt64 = 0
        /// The highest number of a transaction that committed.
        var committed: UInt64 = 0
    }

    private let numbers: NIOLockedValueBox<Numbers>
    private let batches: BatchQueue<UInt64>

    /// Jobs waiting for the next commit.
    var waiting: Int { batches.waiting }

    /// How writes have been grouped so far.
    var statistics: WriteStatistics { numbers.withLockedValue { $0.statistics } }

    /// Transactions are numbered from 1 in the order they run. Every transaction up to `committed`
    /// has finished (committed or failed); none above `begun` has started.
    var commitNumbers: (committed: UInt64, begun: UInt64) {
        numbers.withLockedValue { ($0.committed, $0.begun) }
    }

    /// - Parameters:
    ///   - batches: `false` gives every job its own transaction (one fsync each), for comparison.
    ///   - maximumBatch: bounds a transaction's size so one commit never holds the writer for long.
    ///   - afterFailedCommit: runs on the writer, before any later job, when a transaction rolled back
    ///     as a whole (what its jobs saw of one another may be gone).
    init(
        writer: DatabasePool, batches: Bool, maximumBatch: Int = 1024,
        afterFailedCommit: @escaping @Sendable () -> Void = {}
    ) {
        let numbers = NIOLockedValueBox(Numbers())
        self.numbers = numbers
        self.batches = BatchQueue(label: "tmtpd.store.writer", maximumBatch: batches ? maximumBatch : 1) { jobs in
            let number = numbers.withLockedValue { numbers in
                numbers.statistics.jobs += jobs.count
                numbers.statistics.commits += 1
                numbers.statistics.largestBatch = max(numbers.statistics.largestBatch, jobs.count)
                numbers.begun += 1
                return numbers.begun
            }
            let start = ContinuousClock.now
            let results = Self.commit(jobs, writer: writer, afterFailedCommit: afterFailedCommit)
            SiteMetrics.commitDuration.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
            SiteMetrics.commitBatchSize.record(jobs.count)
            numbers.withLockedValue { $0.committed = number }
            return (results, number)
        }
    }

    /// Runs `body` while no batch runs (and none starts), e.g. to close the database.
    func betweenBatches<T>(_ body: () throws -> T) rethrows -> T {
        try batches.betweenBatches(body)
    }

    /// Runs `job` in a committed transaction and returns its result.
    func perform<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await performNumbered(job).value
    }

    /// Runs `job` in a committed transaction and returns its result and the transaction's number.
    func performNumbered<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> (
        value: T, commit: UInt64
    ) {
        let (value, number) = try await batches.submit(job)
        return (value, number)
    }

    /// Runs `jobs` in one transaction: each in a savepoint when they share it.
    private static func commit(
        _ jobs: [Job], writer: DatabasePool, afterFailedCommit: @Sendable () -> Void
    ) -> [Result<any Sendable, any Error>] {
        if jobs.count == 1, let job = jobs.first {
            // Alone, it saw only what was committed before it: its failure undoes nothing of others.
            return [Result { try writer.write { db in try job(db) } }]
        }
        do {
            return try writer.write { db in try jobs.map { job in try Self.runInSavepoint(job, db) } }
        } catch {
            afterFailedCommit()
            return Array(repeating: .failure(error), count: jobs.count)
        }
    }

    /// Runs one job of a shared transaction in its own savepoint. Throws (failing the whole
    /// transaction) only when the savepoint itself cannot be opened or undone. The savepoint
    /// statements are prepared once per connection: GRDB's `inSavepoint` parses two statements per
    /// call, a cost that showed in every post and ack.
    private static func runInSavepoint(_ job: Job, _ db: Database) throws -> Result<any Sendable, any Error> {
        try db.cachedStatement(sql: "SAVEPOINT job").execute()
        do {
            let value = try job(db)
            try db.cachedStatement(sql: "RELEASE SAVEPOINT job").execute()
            return .success(value)
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT job").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT job").execute()
            return .failure(error)
        }
    }
}

/// How writes were grouped into commits since the store opened.
public struct WriteStatistics: Hashable, Sendable {
    /// Write calls served.
    public var jobs = 0
    /// Transactions committed (each one fsync of the write-ahead log).
    public var commits = 0
    /// Most jobs carried by one commit.
    public var largestBatch = 0

    public init() {}
}
