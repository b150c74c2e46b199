import NIOConcurrencyHelpers

/// The database row ids of live nodes, so a write that names a node (an enqueue, an ack) needs no
/// lookup query.
///
/// A node's row id never changes, and a node only ever leaves the live set (it turns defunct), so an
/// entry stays right until that node is dropped. Only jobs on the writer, which see every committed
/// and in-progress change, add entries: a reader's older snapshot could otherwise put back a node
/// that was just dropped. A write transaction that fails as a whole may undo rows its jobs found, so
/// the store forgets everything then.
final class NodeRowCache: Sendable {
    /// Nodes remembered at most; past it the cache starts over, which bounds its memory.
    static let capacity = 50_000

    private let rows = NIOLockedValueBox([NodeAddress: Int64]())

    func row(of node: NodeAddress) -> Int64? {
        rows.withLockedValue { $0[node] }
    }

    /// Remembers a row found by a job on the writer.
    func keep(_ row: Int64, for node: NodeAddress) {
        rows.withLockedValue { rows in
            if rows.count >= Self.capacity { rows = [:] }
            rows[node] = row
        }
    }

    /// The node is being dropped (called by the dropping job, before any later job runs).
    func forget(_ node: NodeAddress) {
        _ = rows.withLockedValue { $0.removeValue(forKey: node) }
    }

    func forgetAll() {
        rows.withLockedValue { $0 = [:] }
    }
}
