import NIOCore
import TMTP

/// The site's live state, kept in memory only: which node is logged in on which link, and presence.
///
/// Presence follows the reference: each user that sent OhiEdit on some link has one `ohi` set,
/// ref-counted by those links; when the last of them closes, every user flagged in the set is told
/// the user went offline, and the set is discarded.
actor LinkRegistry {
    /// A logged-in node.
    struct LiveNode {
        var link: LinkHandle
        var queue: NodeQueue
    }

    enum Claim {
        case claimed
        /// Another live link holds the node and was heard from recently.
        case alreadyConnected
        /// The node's previous link had gone silent; it is handed back to be closed.
        case tookOver(LinkHandle)
    }

    /// A presence notice to write: `from`'s status, to one link.
    struct Notice {
        var outbox: LinkOutbox
        var from: String
        var status: Int8
    }

    private struct OhiSet {
        var links: Set<Int> = []
        /// Flagged uids in the order they were flagged.
        var flagged: [String] = []
        var flaggedSet: Set<String> = []
    }

    private let takeoverAfter: TimeAmount
    private var nodes: [NodeAddress: LiveNode] = [:]
    private var nodesOfUser: [String: Set<Int>] = [:]
    private var ohiSets: [String: OhiSet] = [:]
    /// Reverse index: for a uid, the users whose live `ohi` set flags it.
    private var flaggedBy: [String: Set<String>] = [:]

    init(takeoverAfter: Duration) {
        self.takeoverAfter = .nanoseconds(takeoverAfter.nanoseconds)
    }

    var liveNodeCount: Int { nodes.count }

    // MARK: Nodes

    func claim(_ node: NodeAddress, link: LinkHandle, queue: NodeQueue) -> Claim {
        var previous: LinkHandle?
        if let current = nodes[node] {
            guard NIODeadline.now() - current.link.activity.lastRead >= takeoverAfter else { return .alreadyConnected }
            previous = current.link
        }
        nodes[node] = LiveNode(link: link, queue: queue)
        nodesOfUser[node.uid, default: []].insert(node.number)
        return previous.map { .tookOver($0) } ?? .claimed
    }

    /// Frees the node if `link` still holds it; `true` when it did.
    @discardableResult
    func release(_ node: NodeAddress, link: LinkHandle) -> Bool {
        guard nodes[node]?.link == link else { return false }
        nodes[node] = nil
        nodesOfUser[node.uid]?.remove(node.number)
        if nodesOfUser[node.uid]?.isEmpty == true { nodesOfUser[node.uid] = nil }
        return true
    }

    /// The queues to wake for the nodes that are logged in.
    func queues(for recipients: [NodeAddress]) -> [NodeQueue] {
        recipients.compactMap { nodes[$0]?.queue }
    }

    func queue(for node: NodeAddress) -> NodeQueue? { nodes[node]?.queue }

    /// Every logged-in node's queue.
    var allQueues: [NodeQueue] { nodes.values.map(\.queue) }
    /// The links of `uid`'s logged-in nodes.
    func links(ofUser uid: String) -> [LinkHandle] {
        (nodesOfUser[uid] ?? []).compactMap { nodes[NodeAddress(uid: uid, number: $0)]?.link }
    }

    func link(of node: NodeAddress) -> LinkHandle? { nodes[node]?.link }

    private func outboxes(of uid: String) -> [LinkOutbox] {
        (nodesOfUser[uid] ?? []).compactMap { nodes[NodeAddress(uid: uid, number: $0)]?.link.outbox }
    }

    // MARK: Presence

    /// Users online (holding an `ohi` set) that flag `uid`, for the `info` at login.
    func watchers(of uid: String) -> [String] {
        (flaggedBy[uid] ?? []).sorted()
    }

    /// Applies OhiEdit from `user` on `link`; returns the uids whose flag turned on and turned off.
    func editOhi(user: String, link: LinkHandle, kind: ClientMessage.OhiEdit.Kind, uids: [String]) -> (
        on: [String], off: [String]
    ) {
        var set = ohiSets[user] ?? OhiSet()
        set.links.insert(link.serial)
        var on: [String] = []
        var off: [String] = []
        for uid in uids {
            switch kind {
            case .initialize, .add:
                guard set.flaggedSet.insert(uid).inserted else { continue }
                set.flagged.append(uid)
                flaggedBy[uid, default: []].insert(user)
                on.append(uid)
            case .drop:
                guard set.flaggedSet.remove(uid) != nil else { continue }
                set.flagged.removeAll { $0 == uid }
                flaggedBy[uid]?.remove(user)
                if flaggedBy[uid]?.isEmpty == true { flaggedBy[uid] = nil }
                off.append(uid)
            }
        }
        ohiSets[user] = set
        return (on, off)
    }

    /// A link of `user` closed; when it was the last holding the user's set, the set is discarded
    /// and its flagged uids returned (they are to be told the user went offline).
    func linkClosed(user: String, link: LinkHandle) -> [String] {
        guard var set = ohiSets[user], set.links.remove(link.serial) != nil else { return [] }
        guard set.links.isEmpty else {
            ohiSets[user] = set
            return []
        }
        ohiSets[user] = nil
        for uid in set.flagged {
            flaggedBy[uid]?.remove(user)
            if flaggedBy[uid]?.isEmpty == true { flaggedBy[uid] = nil }
        }
        return set.flagged
    }

    /// The notices telling the live links of `uids` that `user` is online or offline.
    func presenceNotices(_ notice: PresenceNotice) -> [Notice] {
        let status = notice.online ? ServerMessage.Ohi.online : ServerMessage.Ohi.offline
        return notice.uids.flatMap { uid in
            outboxes(of: uid).map { Notice(outbox: $0, from: notice.user, status: status) }
        }
    }

    /// Every live link, for shutdown.
    var allLinks: [LinkHandle] { nodes.values.map(\.link) }
}
