import Foundation
import PostgresNIO

extension PostgresServerStore {
    // MARK: Users and nodes

    public func createUser(uid: String, nodeKeyHash: String, invite: String?, signIn: SignInIdentity?, now: Date)
        async throws -> NodeAddress
    {
        try await directoryChange { connection in
            if try await self.userExists(uid, on: connection) {
                let firstKey = try await self.value(
                    "SELECT key_hash FROM node WHERE uid = \(uid) AND number = 1", as: String.self, on: connection)
                guard firstKey == nodeKeyHash else {
                    throw DirectoryError.addUserNodeMissing(uid: uid, keyHash: nodeKeyHash)
                }
                return NodeAddress(uid: uid, number: 1)
            }
            if let invite {
                guard try await self.consumeInvite(invite, now: now, on: connection) else {
                    throw StoreError.inviteRefused
                }
            }
            let created = SQLiteServerStore.milliseconds(now)
            try await self.execute(
                "INSERT INTO site_user (uid, created) VALUES (\(uid), \(created))", on: connection)
            try await self.execute(
                "INSERT INTO node (uid, number, key_hash) VALUES (\(uid), 1, \(nodeKeyHash))", on: connection)
            if let signIn {
                try await self.execute(
                    "INSERT INTO sign_in (uid, issuer, subject) VALUES (\(uid), \(signIn.issuer), \(signIn.subject))",
                    on: connection)
            }
            return NodeAddress(uid: uid, number: 1)
        }
    }

    public func verify(uid: String, nodeKeyHash: String) async throws -> Int? {
        try await value(
            "SELECT number FROM node WHERE uid = \(uid) AND key_hash = \(nodeKeyHash) AND NOT defunct", as: Int.self)
    }

    public func addNode(uid: String, nodeKeyHash: String, copyingBacklogOf source: Int) async throws -> NodeAddress {
        try await directoryChange { connection in
            guard try await self.userExists(uid, on: connection) else {
                throw DirectoryError.unknownUser("AddNode", uid: uid)
            }
            let keyTaken = try await self.value(
                "SELECT EXISTS (SELECT 1 FROM node WHERE uid = \(uid) AND key_hash = \(nodeKeyHash))", as: Bool.self,
                on: connection)
            guard keyTaken != true else { throw DirectoryError.nodeExists(keyHash: nodeKeyHash) }
            let live =
                try await self.value(
                    "SELECT count(*) FROM node WHERE uid = \(uid) AND NOT defunct", as: Int.self, on: connection) ?? 0
            guard live < DirectoryRules.maximumNodes else {
                throw DirectoryError.tooManyNodes(limit: DirectoryRules.maximumNodes)
            }
            let sourceAddress = NodeAddress(uid: uid, number: source)
            guard let sourceRow = try await self.nodeRow(sourceAddress, on: connection) else {
                throw StoreError.unknownNode(sourceAddress)
            }
            let all = try await self.value("SELECT count(*) FROM node WHERE uid = \(uid)", as: Int.self, on: connection)
            let number = (all ?? 0) + 1
            guard
                let newRow = try await self.value(
                    """
                    INSERT INTO node (uid, number, key_hash, last_message)
                    SELECT \(uid), \(number), \(nodeKeyHash), last_message FROM node WHERE id = \(sourceRow)
                    RETURNING id
                    """,
                    as: Int64.self, on: connection)
            else { throw StoreError.corruptRow("node insert") }
            // Copy, then count what was copied: the foreign keys of the new rows hold their messages
            // against an ack on another instance freeing them before this commits.
            try await self.execute(
                """
                INSERT INTO queue (node, message, priority)
                SELECT \(newRow), message, priority FROM queue WHERE node = \(sourceRow)
                """, on: connection)
            try await self.execute(
                """
                UPDATE message SET ref_count = ref_count + 1
                WHERE id IN (SELECT message FROM queue WHERE node = \(newRow))
                """, on: connection)
            return NodeAddress(uid: uid, number: number)
        }
    }

    public func dropNode(_ node: NodeAddress) async throws {
        let freed = try await directoryChange { connection in try await self.markDefunct(node, on: connection) }
        removeCachedBlobs(freed)
    }

    /// Marks a live node, not the user's last, defunct and empties its queue; returns the freed blobs.
    func markDefunct(_ node: NodeAddress, on connection: PostgresConnection) async throws -> [String] {
        guard let row = try await nodeRow(node, on: connection) else {
            throw DirectoryError.invalidNode(number: node.number)
        }
        let live =
            try await value(
                "SELECT count(*) FROM node WHERE uid = \(node.uid) AND NOT defunct", as: Int.self, on: connection) ?? 0
        guard live > 1 else { throw DirectoryError.lastNode }
        try await execute("UPDATE node SET defunct = true WHERE id = \(row)", on: connection)
        let queued = try await rows(
            "DELETE FROM queue WHERE node = \(row) RETURNING message", as: Int64.self, on: connection)
        return try await release(queued, on: connection)
    }

    public func nodes(of uids: [String]) async throws -> [NodeAddress] {
        var seen = Set<String>()
        let unique = uids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        var numbers: [String: [Int]] = [:]
        let rows = try await rows(
            """
            SELECT u.uid, n.number FROM site_user u
            LEFT JOIN node n ON n.uid = u.uid AND NOT n.defunct
            WHERE u.uid = ANY(\(unique)) ORDER BY n.number
            """, as: (String, Int?).self)
        for (uid, number) in rows {
            numbers[uid, default: []] += number.map { [$0] } ?? []
        }
        // In order, so the first unknown uid named is the one reported.
        if let unknown = unique.first(where: { numbers[$0] == nil }) {
            throw DirectoryError.unknownUser("OpenNodes", uid: unknown)
        }
        return unique.flatMap { uid in (numbers[uid] ?? []).map { NodeAddress(uid: uid, number: $0) } }
    }

    public func userExists(_ uid: String) async throws -> Bool {
        try await userExists(uid, on: nil)
    }

    public func users() async throws -> [UserSummary] {
        var aliases: [String: [String]] = [:]
        for (uid, alias) in try await rows("SELECT uid, alias FROM alias ORDER BY added", as: (String, String).self) {
            aliases[uid, default: []].append(alias)
        }
        let rows = try await rows(
            """
            SELECT u.uid, u.created,
                (SELECT count(*) FROM node n WHERE n.uid = u.uid AND NOT n.defunct),
                (SELECT count(*) FROM queue q JOIN node n ON n.id = q.node WHERE n.uid = u.uid),
                s.issuer, s.subject
            FROM site_user u LEFT JOIN sign_in s ON s.uid = u.uid ORDER BY u.uid
            """, as: (String, Int64, Int, Int, String?, String?).self)
        var users: [UserSummary] = []
        for (uid, created, nodes, queued, issuer, subject) in rows {
            users.append(
                UserSummary(
                    uid: uid, aliases: aliases[uid] ?? [], nodeCount: nodes, queuedCount: queued,
                    created: SQLiteServerStore.date(milliseconds: created),
                    signIn: issuer.flatMap { issuer in subject.map { SignInIdentity(issuer: issuer, subject: $0) } }))
        }
        return users
    }

    public func statistics() async throws -> StoreStatistics {
        let rows = try await rows(
            """
            SELECT (SELECT count(*) FROM site_user), (SELECT count(*) FROM node WHERE NOT defunct),
                (SELECT count(*) FROM message), (SELECT count(*) FROM queue),
                (SELECT COALESCE(sum(length(header) + data_length), 0)::bigint FROM message)
            """, as: (Int, Int, Int, Int, Int64).self)
        for (users, nodes, messages, queued, bytes) in rows {
            return StoreStatistics(
                users: users, nodes: nodes, messages: messages, queuedDeliveries: queued, bytes: bytes)
        }
        throw StoreError.corruptRow("statistics")
    }

    /// The instances connected now, from `pg_stat_activity`: every connection of a serving store
    /// carries its instance's name, and its login locks are the nodes logged in there. An instance
    /// that died has no connections, so it is not listed.
    public func instances() async throws -> [InstanceSummary] {
        let rows = try await rows(
            """
            SELECT a.application_name, count(DISTINCT a.pid),
                (SELECT count(*) FROM pg_locks l JOIN pg_stat_activity b ON b.pid = l.pid
                 WHERE b.application_name = a.application_name AND b.datname = current_database()
                    AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 1)
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.application_name LIKE 'tmtpd serve@%'
            GROUP BY a.application_name ORDER BY a.application_name
            """, as: (String, Int, Int).self)
        return rows.map { InstanceSummary(name: $0.0, connections: $0.1, loggedIn: $0.2) }
    }

    // MARK: Aliases

    public func addAlias(_ alias: String, for uid: String) async throws {
        try await directoryChange { connection in
            let isNew = try DirectoryRules.addAlias(
                alias, for: uid, userExists: try await self.userExists(uid, on: connection),
                owner: try await self.aliasOwner(alias, on: connection),
                isGid: try await self.groupExists(alias, on: connection))
            if isNew {
                try await self.execute(
                    "INSERT INTO alias (alias, uid) VALUES (\(alias), \(uid))", on: connection)
            }
        }
    }

    public func lookup(alias: String) async throws -> String? {
        try await aliasOwner(alias, on: nil)
    }

    public func aliases(of uid: String) async throws -> [String] {
        try await rows("SELECT alias FROM alias WHERE uid = \(uid) ORDER BY added", as: String.self)
    }

    // MARK: Groups

    public func groupInvite(gid: String, alias: String, byAlias: String, byUid: String) async throws -> String {
        try await directoryChange { connection in
            let change = try DirectoryRules.groupInvite(
                gid: gid, alias: alias, byAlias: byAlias, byUid: byUid,
                byAliasOwner: try await self.aliasOwner(byAlias, on: connection),
                inviteeUid: try await self.aliasOwner(alias, on: connection),
                members: try await self.members(gid, on: connection),
                gidIsAlias: try await self.aliasOwner(gid, on: connection) != nil)
            try await self.apply(change, gid: gid, on: connection)
            return change.uid
        }
    }

    public func groupJoin(gid: String, uid: String, newAlias: String?) async throws -> String {
        try await directoryChange { connection in
            var newAliasOwner: String?
            if let newAlias { newAliasOwner = try await self.aliasOwner(newAlias, on: connection) }
            let change = try DirectoryRules.groupJoin(
                gid: gid, uid: uid, newAlias: newAlias, newAliasOwner: newAliasOwner,
                members: try await self.members(gid, on: connection))
            try await self.apply(change, gid: gid, on: connection)
            return change.alias
        }
    }

    public func groupAlias(gid: String, uid: String, newAlias: String) async throws -> String {
        try await directoryChange { connection in
            let change = try DirectoryRules.groupAlias(
                gid: gid, uid: uid, newAlias: newAlias,
                newAliasOwner: try await self.aliasOwner(newAlias, on: connection),
                members: try await self.members(gid, on: connection))
            try await self.apply(change, gid: gid, on: connection)
            return change.alias
        }
    }

    public func groupDrop(gid: String, alias: String, byUid: String) async throws -> String {
        try await directoryChange { connection in
            let change = try DirectoryRules.groupDrop(
                gid: gid, alias: alias, byUid: byUid, aliasOwner: try await self.aliasOwner(alias, on: connection),
                members: try await self.members(gid, on: connection))
            try await self.apply(change, gid: gid, on: connection)
            return change.uid
        }
    }

    public func groupUsers(gid: String, byUid: String) async throws -> [String] {
        try DirectoryRules.groupUsers(gid: gid, byUid: byUid, members: try await members(gid, on: nil))
    }

    public func groupMembers(gid: String) async throws -> [GroupMembership] {
        try await members(gid, on: nil).values.sorted { $0.uid < $1.uid }
    }

    func groupExists(_ gid: String, on connection: PostgresConnection?) async throws -> Bool {
        try await value("SELECT EXISTS (SELECT 1 FROM chat_group WHERE gid = \(gid))", as: Bool.self, on: connection)
            ?? false
    }

    func members(_ gid: String, on connection: PostgresConnection?) async throws -> [String: GroupMembership] {
        let rows = try await rows(
            "SELECT uid, alias, status FROM group_member WHERE gid = \(gid)", as: (String, String, Int16).self,
            on: connection)
        var members: [String: GroupMembership] = [:]
        for (uid, alias, rawStatus) in rows {
            guard let status = MemberStatus(rawValue: Int(rawStatus)) else {
                throw StoreError.corruptRow("group_member status in \(gid)")
            }
            members[uid] = GroupMembership(uid: uid, alias: alias, status: status)
        }
        return members
    }

    func apply(_ change: DirectoryRules.GroupChange, gid: String, on connection: PostgresConnection) async throws {
        if change.createsGroup {
            try await execute("INSERT INTO chat_group (gid) VALUES (\(gid))", on: connection)
        }
        for member in change.upserts {
            let status = Int16(member.status.rawValue)
            try await execute(
                """
                INSERT INTO group_member (gid, uid, alias, status) VALUES (\(gid), \(member.uid), \(member.alias), \(status))
                ON CONFLICT (gid, uid) DO UPDATE SET alias = excluded.alias, status = excluded.status
                """, on: connection)
        }
    }
}
