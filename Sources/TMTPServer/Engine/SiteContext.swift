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
    /// The store's limit counters when it is shared (see ``SharedLimitCounters``).
    let sharedLimits: (any SharedLimitCounters)?
    /// Members an operator suspended (empty when the store offers no ``MemberAdministration``).
    let suspended: SuspendedMembers
    let logger: Logger

    /// A fresh message id and its `posted` time.
    func nextStamp() async throws -> SiteStamp {
        let id = try await messageIDs.next()
        return SiteStamp(id: id, posted: PostedTime.format(Date()))
    }

    /// Wakes the delivery of every logged-in node the `deliveries`, committed as number `commit`,
    /// go to, handing each the messages it can deliver without reading them back.
    func ring(_ deliveries: [Delivery], commit: UInt64) async {
        var rings: [NodeAddress: QueueRing] = [:]
        var nodes: [NodeAddress] = []
        for delivery in deliveries {
            let message = delivery.message
            let queued = queuedMessage(message)
            for node in delivery.recipients {
                var ring = rings[node] ?? QueueRing(commit: commit, messages: [], jumpsQueue: false)
                if rings[node] == nil { nodes.append(node) }
                ring.jumpsQueue = ring.jumpsQueue || message.priority == .edit
                if let queued {
                    ring.messages?.append(queued)
                } else {
                    ring.messages = nil
                }
                rings[node] = ring
            }
        }
        for queue in await registry.queues(for: nodes) {
            if let ring = rings[queue.node] { await queue.ring(ring) }
        }
    }

    /// Wakes the deliveries another process's enqueue concerns. Its messages are not known here, so
    /// each woken node reads its queue.
    func wake(_ wakeUp: QueueWakeUp) async {
        let queues: [NodeQueue]
        let ring: QueueRing
        switch wakeUp {
        case .nodes(let nodes, let jumpsQueue):
            queues = await registry.queues(for: nodes)
            ring = QueueRing(commit: 0, messages: nil, jumpsQueue: jumpsQueue)
        case .everyNode:
            queues = await registry.allQueues
            ring = QueueRing(commit: 0, messages: nil, jumpsQueue: true)
        }
        for queue in queues { await queue.ring(ring) }
    }

    /// Tells the live links of `uids`, here and (through the store) on other processes, that
    /// `user`'s flag on them turned on or off. Presence is best effort: when the store cannot share
    /// it, the links here are still told.
    func announcePresence(of user: String, flags uids: [String], online: Bool) async {
        guard !uids.isEmpty else { return }
        var due = uids
        do {
            due = try await store.sharePresence(of: user, flags: uids, online: online)
        } catch {
            logger.warning("presence not shared: \(error)")
        }
        await tell(PresenceNotice(user: user, online: online, uids: due))
    }

    /// Writes a presence change to the live links it concerns on this process.
    func tell(_ notice: PresenceNotice) async {
        for notice in await registry.presenceNotices(notice) {
            await notice.outbox.post(ohiFrom: notice.from, status: notice.status)
        }
    }

    /// The users online that flag `uid`, on this process and others sharing the store.
    func watchers(of uid: String) async -> [String] {
        let here = await registry.watchers(of: uid)
        do {
            let elsewhere = try await store.presenceWatchers(of: uid)
            guard !elsewhere.isEmpty else { return here }
            return Array(Set(here).union(elsewhere)).sorted()
        } catch {
            logger.warning("presence of other instances not read: \(error)")
            return here
        }
    }

    /// The message as a read of the queue would return it; `nil` when its blob's size is unknown.
    private func queuedMessage(_ message: SiteMessage) -> QueuedMessage? {
        let length: Int
        switch message.data {
        case .none: length = 0
        case .inline(let bytes): length = bytes.count
        case .blob(let blob):
            guard let size = try? store.blobs.size(of: blob) else { return nil }
            length = size
        }
        return QueuedMessage(
            id: message.id, priority: message.priority, header: message.header, data: message.data,
            dataLength: length)
    }
}

/// A new message's id and its `posted` time.
struct SiteStamp: Sendable {
    var id: UInt64
    var posted: String
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
