import Foundation

/// Measures enqueue throughput of ``SQLiteServerStore``, for the benchmark executable (the figures
/// depend on the disk's fsync latency, so they are printed, never asserted).
public enum StoreBenchmark {
    /// What one run measured.
    public struct Figures: Sendable, CustomStringConvertible {
        public var groupCommit: Bool
        public var messages: Int
        public var concurrency: Int
        public var recipients: Int
        public var seconds: Double
        public var commits: Int
        public var largestBatch: Int

        public var messagesPerSecond: Double { seconds > 0 ? Double(messages) / seconds : 0 }

        public var description: String {
            let rate = String(format: "%.0f", messagesPerSecond)
            let perCommit = String(format: "%.1f", commits > 0 ? Double(messages) / Double(commits) : 0)
            return "group commit \(groupCommit ? "on " : "off"): \(messages) enqueues of \(recipients) recipients "
                + "from \(concurrency) tasks in \(String(format: "%.2f", seconds)) s = \(rate) msg/s; "
                + "\(commits) commits, \(perCommit) msg/commit, largest batch \(largestBatch)"
        }
    }

    /// Enqueues `messages` messages of `size` inline bytes, each for `recipients` nodes, from
    /// `concurrency` tasks at once, into a fresh store in `directory` (which must not exist yet;
    /// the caller deletes it afterwards). Only the enqueues are timed.
    public static func run(
        directory: String,
        messages: Int = 5000,
        concurrency: Int = 100,
        recipients: Int = 2,
        size: Int = 1024,
        groupCommit: Bool = true
    ) async throws -> Figures {
        let store = try SQLiteServerStore(directory: directory, options: .init(groupCommit: groupCommit))
        defer { try? store.close() }
        var nodes: [NodeAddress] = []
        for index in 0..<max(1, recipients) {
            let uid = "benchmark-user-\(index)"
            nodes.append(try await store.createUser(uid: uid, nodeKeyHash: "key-\(index)", invite: nil, now: Date()))
        }
        let recipientNodes = nodes
        let ids = MessageIDAllocator(store: store)
        let header = [UInt8](repeating: UInt8(ascii: "h"), count: 120)
        let body = [UInt8](repeating: UInt8(ascii: "b"), count: size)
        let before = store.writeStatistics
        let started = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            let workers = max(1, concurrency)
            for worker in 0..<workers {
                let share = messages / workers + (worker < messages % workers ? 1 : 0)
                group.addTask {
                    for _ in 0..<share {
                        let message = StoredMessage(id: try await ids.next(), header: header, data: .inline(body))
                        try await store.enqueue([Delivery(message, to: recipientNodes)])
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let after = store.writeStatistics
        return Figures(
            groupCommit: groupCommit, messages: messages, concurrency: concurrency, recipients: nodes.count,
            seconds: elapsed, commits: after.commits - before.commits, largestBatch: after.largestBatch)
    }
}
