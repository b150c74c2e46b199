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
        // Per node: whether an edit-priority message is among its arrivals.
        var jumpsQueue: [NodeAddress: Bool] = [:]
        var nodes: [NodeAddress] = []
        for delivery in deliveries {
            let isEdit = delivery.message.priority == .edit
            for node in delivery.recipients {
                if let seen = jumpsQueue[node] {
                    jumpsQueue[node] = seen || isEdit
                } else {
                    nodes.append(node)
                    jumpsQueue[node] = isEdit
                }
            }
        }
        for queue in await registry.queues(for: nodes) {
            await queue.ring(jumpsQueue: jumpsQueue[queue.node] ?? false)
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
