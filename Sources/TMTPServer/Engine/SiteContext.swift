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

    /// Wakes the delivery of every logged-in node among `recipients`.
    func ring(_ recipients: [NodeAddress]) async {
        for queue in await registry.queues(for: recipients) { await queue.ring() }
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
