import Foundation
import QuireCore

/// Measures the store on a synthetic mailbox: ingest rate, bytes per message and search latency.
///
/// Meant for a benchmark executable (figures are printed, never asserted). The corpus is
/// deterministic: words follow a Zipf distribution over a generated vocabulary of 5000 words, so
/// the "common", "medium" and "rare" probe words occur in roughly 60%, 4% and 0.2% of messages.
struct ClientStoreBenchmark: Sendable {
    /// Where the scratch store is created; it must not exist yet or be empty.
    var directory: URL
    /// Size of the store searched.
    var messageCount: Int
    /// How many of those are stored one transaction each (like acking one delivery at a time);
    /// the rest go in transactions of `batchSize`.
    var singleInsertCount: Int
    var batchSize: Int
    /// Timed runs per search probe.
    var searchRuns: Int
    var pageSize: Int
    /// Where the store file goes (for example a Quire home's database, to time `quire check` on
    /// it afterwards); by default `bench.sqlite` in `directory`.
    var databasePath: String?

    init(
        directory: URL,
        messageCount: Int = 100_000,
        singleInsertCount: Int = 10_000,
        batchSize: Int = 1000,
        searchRuns: Int = 200,
        pageSize: Int = 50,
        databasePath: String? = nil
    ) {
        self.directory = directory
        self.messageCount = messageCount
        self.singleInsertCount = min(singleInsertCount, messageCount)
        self.batchSize = max(1, batchSize)
        self.searchRuns = max(1, searchRuns)
        self.pageSize = pageSize
        self.databasePath = databasePath
    }

    /// Latency figures of one read: a search probe, the thread list or the unread counts.
    struct LatencyFigures: Sendable, Hashable {
        var label: String
        /// The search query, or a description of the read.
        var query: String
        /// Hits on the first page (rows returned).
        var firstPageHits: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
    }

    struct Report: Sendable, Hashable, CustomStringConvertible {
        var messageCount: Int
        /// Messages per second, one transaction per message (synchronous = FULL).
        var singleInsertRate: Double
        /// Messages per second in transactions of `batchSize`.
        var batchInsertRate: Double
        var batchSize: Int
        /// Database and WAL bytes after a checkpoint, divided by the message count.
        var bytesPerMessage: Double
        var searches: [LatencyFigures]

        var description: String {
            var lines = [
                "messages: \(messageCount)",
                String(format: "ingest, one transaction per message: %.0f msg/s", singleInsertRate),
                String(format: "ingest, %d per transaction: %.0f msg/s", batchSize, batchInsertRate),
                String(format: "store bytes per message: %.0f", bytesPerMessage),
            ]
            for search in searches {
                lines.append(
                    String(
                        format: "%@ [%@]: first page %d rows, p50 %.2f ms, p99 %.2f ms", search.label,
                        search.query, search.firstPageHits, search.p50Milliseconds, search.p99Milliseconds))
            }
            return lines.joined(separator: "\n")
        }
    }

    func run() async throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = databasePath ?? directory.appendingPathComponent("bench.sqlite").path
        let store = try ClientStore(path: path)
        try await store.addAccount(Account(name: "bench", siteAddress: "=127.0.0.1:8444", uid: "BENCHSELF"))
        var corpus = SyntheticCorpus(seed: 0x5157_4952_4551)
        let clock = ContinuousClock()

        let singleStart = clock.now
        for _ in 0..<singleInsertCount {
            try await store.insertReceived(corpus.nextMessage(), account: "bench")
        }
        let singleSeconds = Self.seconds(clock.now - singleStart)

        let batchStart = clock.now
        var remaining = messageCount - singleInsertCount
        while remaining > 0 {
            let count = min(batchSize, remaining)
            let batch = (0..<count).map { _ in corpus.nextMessage() }
            _ = try await store.insertReceived(batch, account: "bench")
            remaining -= count
        }
        let batchSeconds = Self.seconds(clock.now - batchStart)

        try await store.checkpoint()
        var bytes: Int64 = 0
        for suffix in ["", "-wal"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            bytes += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }

        let probes: [(String, String)] = [
            ("one common word", corpus.word(rank: 9)),
            ("one medium word", corpus.word(rank: 200)),
            ("one rare word", corpus.word(rank: 4000)),
            ("two words", "\(corpus.word(rank: 9)) \(corpus.word(rank: 60))"),
            ("phrase", "\"\(corpus.word(rank: 2)) \(corpus.word(rank: 3))\""),
            ("word and filters", "\(corpus.word(rank: 30)) from:\(corpus.sender(0)) is:unread"),
            ("filters only", "from:\(corpus.sender(1)) after:2024-02-01"),
        ]
        var searches: [LatencyFigures] = []
        let utc = TimeZone(identifier: "UTC") ?? .current
        for (label, text) in probes {
            let query = try SearchQuery(parsing: text)
            searches.append(
                try await measure(label: "search " + label, query: text) {
                    try await store.search(query, limit: pageSize, timeZone: utc).hits.count
                })
        }
        searches.append(
            try await measure(label: "thread list", query: "all accounts, newest activity") {
                try await store.threads(ThreadQuery(limit: pageSize)).count
            })
        searches.append(
            try await measure(label: "unread counts", query: "quire check") {
                try await store.unreadCounts().count
            })
        let batchCount = messageCount - singleInsertCount
        return Report(
            messageCount: messageCount,
            singleInsertRate: singleInsertCount > 0 ? Double(singleInsertCount) / singleSeconds : 0,
            batchInsertRate: batchCount > 0 ? Double(batchCount) / batchSeconds : 0,
            batchSize: batchSize,
            bytesPerMessage: Double(bytes) / Double(max(1, messageCount)),
            searches: searches)
    }

    private func measure(label: String, query: String, _ read: () async throws -> Int) async throws
        -> LatencyFigures
    {
        let clock = ContinuousClock()
        var durations: [Double] = []
        var rows = 0
        for _ in 0..<searchRuns {
            let start = clock.now
            rows = try await read()
            durations.append(Self.seconds(clock.now - start) * 1000)
        }
        durations.sort()
        return LatencyFigures(
            label: label, query: query, firstPageHits: rows, p50Milliseconds: Self.percentile(durations, 0.50),
            p99Milliseconds: Self.percentile(durations, 0.99))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
        return sorted[index]
    }
}
