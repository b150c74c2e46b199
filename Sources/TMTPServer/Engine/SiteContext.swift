import Foundation
import Logging
import NIOConcurrencyHelpers
import TMTP

/// What every link of one running site shares.
struct SiteContext: Sendable {
    let configuration: ServerConfiguration
    let store: any ServerStore
    let registry: LinkRegistry
    let admission: AdmissionControl
    let messageIDs: MessageIDAllocator
    let pingCounter: DailyCounter
    let logger: Logger

    /// A fresh message id and its `posted` time.
    func nextStamp() async throws -> (id: UInt64, posted: String) {
        let id = try await messageIDs.next()
        return (id, PostedTime.format(Date()))
    }

    /// Wakes the delivery of every logged-in node the committed `deliveries` go to.
    func ring(_ deliveries: [Delivery]) async {
        var arrivals: [NodeAddress: NodeQueue.Arrivals] = [:]
        var nodes: [NodeAddress] = []
        for delivery in deliveries {
            for node in delivery.recipients {
                if arrivals[node] == nil { nodes.append(node) }
                arrivals[node, default: NodeQueue.Arrivals()].add(delivery.message.priority)
            }
        }
        for queue in await registry.queues(for: nodes) {
            await queue.ring(arrivals[queue.node] ?? NodeQueue.Arrivals())
        }
    }
}

/// Per-user counts that reset at each UTC midnight (the optional daily ping limit).
final class DailyCounter: Sendable {
    private struct State {
        var day: Int64 = 0
        var counts: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Counts one use by `uid`; `false` (and not counted) when it would pass `limit`.
    func take(_ uid: String, limit: Int, now: Date = Date()) -> Bool {
        let day = Int64((now.timeIntervalSince1970 / 86_400).rounded(.down))
        return state.withLockedValue { state in
            if state.day != day {
                state.day = day
                state.counts = [:]
            }
            let used = state.counts[uid, default: 0]
            guard used < limit else { return false }
            state.counts[uid] = used + 1
            return true
        }
    }
}
