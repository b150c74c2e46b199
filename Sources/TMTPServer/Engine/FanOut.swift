import TMTP

/// Who receives a message a node sends (PROTOCOL.md section 5, the reference's `_queueMsg`).
///
/// Recipients are every node of every uid named, with groups expanded to their joined members
/// (type 3 leaving out the sender), then the sender's own nodes. The sending node itself is left
/// out unless the sender's uid was named: a type-1 entry naming self, or a type-2 group the sender
/// is joined in. Resolution throws before anything is queued, so a post goes everywhere or nowhere.
struct FanOut {
    let store: any ServerStore
    let sender: NodeAddress

    /// The uids named by `for` entries, groups expanded, in order without repeats.
    func uids(named entries: [Addressee]) async throws -> [String] {
        var uids: [String] = []
        var seen: Set<String> = []
        for entry in entries {
            let expanded: [String]
            switch entry.kind {
            case .user: expanded = [entry.id]
            case .groupIncludingSelf: expanded = try await store.groupUsers(gid: entry.id, byUid: sender.uid)
            case .groupExcludingSelf:
                expanded = try await store.groupUsers(gid: entry.id, byUid: sender.uid).filter { $0 != sender.uid }
            case nil: expanded = [entry.id]
            }
            for uid in expanded where seen.insert(uid).inserted { uids.append(uid) }
        }
        return uids
    }

    /// The nodes of `uids`, plus (with `includingSelf`) the sender's other nodes.
    func nodes(of uids: [String], includingSelf: Bool) async throws -> [NodeAddress] {
        guard includingSelf && !uids.contains(sender.uid) else { return try await store.nodes(of: uids) }
        // One read for the named users and the sender's own nodes, which come last.
        let found = try await store.nodes(of: uids + [sender.uid])
        let named = found.filter { $0.uid != sender.uid }
        let result = named + found.filter { $0.uid == sender.uid && $0 != sender }
        var seen: Set<NodeAddress> = []
        return result.filter { seen.insert($0).inserted }
    }

    /// All nodes of the sender, this one included (login, user and ohiedit notices).
    func ownNodes() async throws -> [NodeAddress] {
        try await store.nodes(of: [sender.uid])
    }
}
