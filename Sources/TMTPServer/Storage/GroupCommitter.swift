import GRDB

/// Runs write jobs so that concurrent callers share transactions: one commit, hence one fsync,
/// serves every job that arrived while the previous commit was in progress.
///
/// Each job of a shared commit runs in its own savepoint, so a job that throws (a directory refusal,
/// say) rolls back only its own changes and reports its own error; the others still commit. A job
/// alone in its commit needs no savepoint: when it throws, the whole transaction rolls back. Every caller resumes
/// after the commit that carries its job, with that job's result, or with the commit's error.
/// Jobs run in the order they were submitted.
actor GroupCommitter {
    typealias Job = @Sendable (Database) throws -> any Sendable

    private struct Pending {
        let job: Job
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let writer: DatabasePool
    private let batches: Bool
    private let maximumBatch: Int
    private var pending: [Pending] = []
    private var draining = false
    private(set) var statistics = WriteStatistics()

    /// Jobs waiting for the next commit.
    var waiting: Int { pending.count }

    /// - Parameters:
    ///   - batches: `false` gives every job its own transaction (one fsync each), for comparison.
    ///   - maximumBatch: bounds a transaction's size so one commit never holds the writer for long.
    init(writer: DatabasePool, batches: Bool, maximumBatch: Int = 1024) {
        self.writer = writer
        self.batches = batches
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Runs `job` in a committed transaction and returns its result.
    func perform<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard batches else {
            statistics.jobs += 1
            statistics.commits += 1
            return try await writer.write(job)
        }
        let value = try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(job: { try job($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
        guard let result = value as? T else { throw StoreError.corruptRow("group commit result type") }
        return result
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let jobs = batch.map(\.job)
            statistics.jobs += batch.count
            statistics.commits += 1
            statistics.largestBatch = max(statistics.largestBatch, batch.count)
            do {
                let results: [Result<any Sendable, any Error>]
                if jobs.count == 1, let job = jobs.first {
                    results = [await Self.runAlone(job, writer)]
                } else {
                    results = try await writer.write { db in
                        jobs.map { job in Self.runInSavepoint(job, db) }
                    }
                }
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }

    private static func runAlone(_ job: @escaping Job, _ writer: DatabasePool) async -> Result<any Sendable, any Error>
    {
        do {
            return .success(try await writer.write { db in try job(db) })
        } catch {
            return .failure(error)
        }
    }

    private static func runInSavepoint(_ job: Job, _ db: Database) -> Result<any Sendable, any Error> {
        do {
            var value: (any Sendable)?
            try db.inSavepoint {
                value = try job(db)
                return .commit
            }
            guard let value else { return .failure(StoreError.corruptRow("job produced no value")) }
            return .success(value)
        } catch {
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
