import Foundation

/// Measures the store on a synthetic mailbox: ingest rate, bytes per message and search latency.
///
/// Meant for a benchmark executable (figures are printed, never asserted). The corpus is
/// deterministic: words follow a Zipf distribution over a generated vocabulary of 5000 words, so
/// the "common", "medium" and "rare" probe words occur in roughly 60%, 4% and 0.2% of messages.
public struct ClientStoreBenchmark: Sendable {
    /// Where the scratch store is created; it must not exist yet or be empty.
    public var directory: URL
    /// Size of the store searched.
    public var messageCount: Int
    /// How many of those are stored one transaction each (like acking one delivery at a time);
    /// the rest go in transactions of `batchSize`.
    public var singleInsertCount: Int
    public var batchSize: Int
    /// Timed runs per search probe.
    public var searchRuns: Int
    public var pageSize: Int
    /// Where the store file goes (for example a Quire home's database, to time `quire check` on
    /// it afterwards); by default `bench.sqlite` in `directory`.
    public var databasePath: String?

    public init(
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
    public struct LatencyFigures: Sendable, Hashable {
        public var label: String
        /// The search query, or a description of the read.
        public var query: String
        /// Hits on the first page (rows returned).
        public var firstPageHits: Int
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
    }

    public struct Report: Sendable, Hashable, CustomStringConvertible {
        public var messageCount: Int
        /// Messages per second, one transaction per message (synchronous = FULL).
        public var singleInsertRate: Double
        /// Messages per second in transactions of `batchSize`.
        public var batchInsertRate: Double
        public var batchSize: Int
        /// Database and WAL bytes after a checkpoint, divided by the message count.
        public var bytesPerMessage: Double
        public var searches: [LatencyFigures]

        public var description: String {
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

    public func run() async throws -> Report {
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

/// A deterministic stream of plausible messages.
struct SyntheticCorpus {
    private var random: SplitMix64
    private let vocabulary: [String]
    private let cumulativeWeights: [Double]
    private let senders: [String]
    private var clockMillis: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    private var serial: UInt64 = 0x18ec_7482_6c69_0000
    private var recentThreads: [(id: String, subject: String)] = []

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        let syllables = [
            "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gu", "ho", "ji", "be", "zo", "fa",
        ]
        var words: [String] = []
        var generator = SplitMix64(seed: seed ^ 0xA5A5)
        var seen: Set<String> = []
        while words.count < 5000 {
            let length = 2 + Int(generator.next() % 3)
            let word = (0..<length).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined()
            if seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
        var total = 0.0
        cumulativeWeights = (1...words.count).map { rank in
            total += 1.0 / Double(rank)
            return total
        }
        senders = (0..<50).map { "user\($0)" }
    }

    func word(rank: Int) -> String { vocabulary[min(rank, vocabulary.count) - 1] }
    func sender(_ index: Int) -> String { senders[index % senders.count] }

    mutating func nextMessage() -> ReceivedMessage {
        serial += 1
        clockMillis += 1000 + Int64(random.next() % 60_000)
        let msgid = String(serial, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - msgid.count)) + msgid
        let threadID: String?
        let subject: String
        if recentThreads.isEmpty || random.next() % 5 == 0 {
            threadID = nil
            subject = sentence(words: 5)
            recentThreads.append((padded, subject))
            if recentThreads.count > 200 { recentThreads.removeFirst() }
        } else {
            let thread = recentThreads[Int(random.next() % UInt64(recentThreads.count))]
            threadID = thread.id
            subject = thread.subject
        }
        let from = Int(random.next() % UInt64(senders.count))
        let recipients = (0..<2).map { offset in
            Recipient(alias: senders[(from + 1 + offset) % senders.count], uid: "UID\((from + 1 + offset) % 50)")
        }
        return ReceivedMessage(
            msgid: padded, fromUID: "UID\(from)", posted: Self.posted(clockMillis), alias: senders[from],
            threadID: threadID, subject: subject, recipients: recipients,
            body: sentence(words: 40 + Int(random.next() % 60)))
    }

    private mutating func sentence(words count: Int) -> String {
        (0..<count).map { _ in zipfWord() }.joined(separator: " ")
    }

    private mutating func zipfWord() -> String {
        let target = Double(random.next() % 1_000_000) / 1_000_000 * (cumulativeWeights.last ?? 1)
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }

    private static func posted(_ millis: Int64) -> String {
        let days = millis / 86_400_000
        let millisOfDay = millis % 86_400_000
        // Civil date from days since the epoch (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let hours = millisOfDay / 3_600_000
        let minutes = millisOfDay / 60_000 % 60
        let seconds = millisOfDay / 1000 % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hours, 2)):\(pad(minutes, 2)):"
            + "\(pad(seconds, 2)).\(pad(millisOfDay % 1000, 3))Z"
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
