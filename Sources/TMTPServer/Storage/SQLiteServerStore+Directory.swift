import Foundation
import GRDB

extension SQLiteServerStore {
    // MARK: Users and nodes

    public func createUser(uid: String, nodeKeyHash: String, invite: String?, signIn: SignInIdentity?, now: Date)
        async throws -> NodeAddress
    {
        defer { nodeLists.forget(uid) }
        return try await write { db in
            if try Self.userExists(db, uid) {
                let firstKey = try String.fetchOne(
                    db, sql: "SELECT keyHash FROM node WHERE uid = ? AND number = 1", arguments: [uid])
                guard firstKey == nodeKeyHash else {
                    throw DirectoryError.addUserNodeMissing(uid: uid, keyHash: nodeKeyHash)
                }
                return NodeAddress(uid: uid, number: 1)
            }
            if let invite {
                guard try Self.consumeInvite(db, invite, now: now) else { throw StoreError.inviteRefused }
            }
            try db.execute(
                sql: "INSERT INTO user (uid, created) VALUES (?, ?)", arguments: [uid, Self.milliseconds(now)])
            try db.execute(
                sql: "INSERT INTO node (uid, number, keyHash) VALUES (?, 1, ?)", arguments: [uid, nodeKeyHash])
            if let signIn {
                try db.execute(
                    sql: "INSERT INTO signIn (uid, issuer, subject) VALUES (?, ?, ?)",
                    arguments: [uid, signIn.issuer, signIn.subject])
            }
            return NodeAddress(uid: uid, number: 1)
        }
    }

    public func verify(uid: String, nodeKeyHash: String) async throws -> Int? {
        try await read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT number FROM node WHERE uid = ? AND keyHash = ? AND defunct = 0"),
                arguments: [uid, nodeKeyHash])
        }
    }

    public func addNode(uid: String, nodeKeyHash: String, copyingBacklogOf source: Int) async throws -> NodeAddress {
        defer { nodeLists.forget(uid) }
        return try await write { db in
            guard try Self.userExists(db, uid) else { throw DirectoryError.unknownUser("AddNode", uid: uid) }
            let keyTaken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM node WHERE uid = ? AND keyHash = ?)",
                arguments: [uid, nodeKeyHash])
            guard keyTaken != true else { throw DirectoryError.nodeExists(keyHash: nodeKeyHash) }
            let live =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM node WHERE uid = ? AND defunct = 0", arguments: [uid]) ?? 0
            guard live < DirectoryRules.maximumNodes else {
                throw DirectoryError.tooManyNodes(limit: DirectoryRules.maximumNodes)
            }
            let sourceAddress = NodeAddress(uid: uid, number: source)
            guard let sourceRow = try Self.nodeRow(db, sourceAddress) else {
                throw StoreError.unknownNode(sourceAddress)
            }
            let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM node WHERE uid = ?", arguments: [uid]) ?? 0
            let number = all + 1
            try db.execute(
                sql: "INSERT INTO node (uid, number, keyHash) VALUES (?, ?, ?)", arguments: [uid, number, nodeKeyHash])
            let newRow = db.lastInsertedRowID
            try db.execute(
                sql: """
                    UPDATE message SET refCount = refCount + 1
                    WHERE id IN (SELECT message FROM queue WHERE node = ?)
                    """,
                arguments: [sourceRow])
            try db.execute(
                sql:
                    "INSERT INTO queue (node, message, priority) SELECT ?, message, priority FROM queue WHERE node = ?",
                arguments: [newRow, sourceRow])
            return NodeAddress(uid: uid, number: number)
        }
    }

    public func dropNode(_ node: NodeAddress) async throws {
        defer { nodeLists.forget(node.uid) }
        let freed = try await write { db in try self.markDefunct(node, db) }
        removeBlobs(freed)
    }

    /// Marks a live node, not the user's last, defunct and empties its queue; returns the blobs to remove.
    func markDefunct(_ node: NodeAddress, _ db: Database) throws -> [String] {
        guard let row = try Self.nodeRow(db, node) else { throw DirectoryError.invalidNode(number: node.number) }
        nodeRows.forget(node)
        let live =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM node WHERE uid = ? AND defunct = 0", arguments: [node.uid]) ?? 0
        guard live > 1 else { throw DirectoryError.lastNode }
        try db.execute(sql: "UPDATE node SET defunct = 1 WHERE id = ?", arguments: [row])
        let queued = try Int64.fetchAll(db, sql: "SELECT message FROM queue WHERE node = ?", arguments: [row])
        return try queued.compactMap { try Self.removeQueueEntry(db, node: row, message: $0) }
    }

    public func nodes(of uids: [String]) async throws -> [NodeAddress] {
        var seen = Set<String>()
        let unique = uids.filter { seen.insert($0).inserted }
        var (lists, generation) = nodeLists.lookup(unique)
        let missing = unique.filter { lists[$0] == nil }
        if !missing.isEmpty {
            // In order, so the first unknown uid named is the one reported.
            let read = try await read { db in
                var read: [String: [Int]] = [:]
                for uid in missing {
                    let numbers = try Int.fetchAll(
                        db.cachedStatement(
                            sql: "SELECT number FROM node WHERE uid = ? AND defunct = 0 ORDER BY number"),
                        arguments: [uid])
                    if numbers.isEmpty, try !Self.userExists(db, uid) {
                        throw DirectoryError.unknownUser("OpenNodes", uid: uid)
                    }
                    read[uid] = numbers
                }
                return read
            }
            nodeLists.keep(read, readAt: generation)
            lists.merge(read) { $1 }
        }
        return unique.flatMap { uid in (lists[uid] ?? []).map { NodeAddress(uid: uid, number: $0) } }
    }

    public func userExists(_ uid: String) async throws -> Bool {
        try await read { db in try Self.userExists(db, uid) }
    }

    public func users() async throws -> [UserSummary] {
        try await read { db in
            var aliases: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT uid, alias FROM alias ORDER BY rowid") {
                let uid: String = row["uid"]
                let alias: String = row["alias"]
                aliases[uid, default: []].append(alias)
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT u.uid, u.created, s.issuer, s.subject,
                        (SELECT COUNT(*) FROM node n WHERE n.uid = u.uid AND n.defunct = 0) AS nodes,
                        (SELECT COUNT(*) FROM queue q JOIN node n ON n.id = q.node WHERE n.uid = u.uid) AS queued
                    FROM user u LEFT JOIN signIn s ON s.uid = u.uid ORDER BY u.uid
                    """)
            return rows.map { row in
                let uid: String = row["uid"]
                let issuer: String? = row["issuer"]
                let subject: String? = row["subject"]
                return UserSummary(
                    uid: uid, aliases: aliases[uid] ?? [], nodeCount: row["nodes"], queuedCount: row["queued"],
                    created: Self.date(milliseconds: row["created"]),
                    signIn: issuer.flatMap { issuer in subject.map { SignInIdentity(issuer: issuer, subject: $0) } })
            }
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT COUNT(*) FROM user) AS users,
                            (SELECT COUNT(*) FROM node WHERE defunct = 0) AS nodes,
                            (SELECT COUNT(*) FROM message) AS messages,
                            (SELECT COUNT(*) FROM queue) AS queued,
                            (SELECT COALESCE(SUM(length(header) + dataLength), 0) FROM message) AS bytes
                        """)
            else { throw StoreError.corruptRow("statistics") }
            return StoreStatistics(
                users: row["users"], nodes: row["nodes"], messages: row["messages"], queuedDeliveries: row["queued"],
                bytes: row["bytes"])
        }
    }

    // MARK: Aliases

    public func addAlias(_ alias: String, for uid: String) async throws {
        try await write { db in
            let isNew = try DirectoryRules.addAlias(
                alias, for: uid, userExists: Self.userExists(db, uid), owner: Self.aliasOwner(db, alias),
                isGid: Self.groupExists(db, alias))
            if isNew {
                try db.execute(sql: "INSERT INTO alias (alias, uid) VALUES (?, ?)", arguments: [alias, uid])
            }
        }
    }

    public func lookup(alias: String) async throws -> String? {
        let (cached, generation) = aliasOwners.lookup(alias)
        if let cached { return cached }
        guard let owner = try await read({ db in try Self.aliasOwner(db, alias) }) else { return nil }
        aliasOwners.keep([alias: owner], readAt: generation)
        return owner
    }

    public func aliases(of uid: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT alias FROM alias WHERE uid = ? ORDER BY rowid", arguments: [uid])
        }
    }

    // MARK: Groups

    public func groupInvite(gid: String, alias: String, byAlias: String, byUid: String) async throws -> String {
        defer { groupRows.forget(gid) }
        return try await write { db in
            let change = try DirectoryRules.groupInvite(
                gid: gid, alias: alias, byAlias: byAlias, byUid: byUid, byAliasOwner: Self.aliasOwner(db, byAlias),
                inviteeUid: Self.aliasOwner(db, alias), members: Self.members(db, gid),
                gidIsAlias: Self.aliasOwner(db, gid) != nil)
            try Self.apply(change, gid: gid, db)
            return change.uid
        }
    }

    public func groupJoin(gid: String, uid: String, newAlias: String?) async throws -> String {
        defer { groupRows.forget(gid) }
        return try await write { db in
            let change = try DirectoryRules.groupJoin(
                gid: gid, uid: uid, newAlias: newAlias, newAliasOwner: newAlias.flatMap { try Self.aliasOwner(db, $0) },
                members: Self.members(db, gid))
            try Self.apply(change, gid: gid, db)
            return change.alias
        }
    }

    public func groupAlias(gid: String, uid: String, newAlias: String) async throws -> String {
        defer { groupRows.forget(gid) }
        return try await write { db in
            let change = try DirectoryRules.groupAlias(
                gid: gid, uid: uid, newAlias: newAlias, newAliasOwner: Self.aliasOwner(db, newAlias),
                members: Self.members(db, gid))
            try Self.apply(change, gid: gid, db)
            return change.alias
        }
    }

    public func groupDrop(gid: String, alias: String, byUid: String) async throws -> String {
        defer { groupRows.forget(gid) }
        return try await write { db in
            let change = try DirectoryRules.groupDrop(
                gid: gid, alias: alias, byUid: byUid, aliasOwner: Self.aliasOwner(db, alias),
                members: Self.members(db, gid))
            try Self.apply(change, gid: gid, db)
            return change.uid
        }
    }

    public func groupUsers(gid: String, byUid: String) async throws -> [String] {
        try DirectoryRules.groupUsers(gid: gid, byUid: byUid, members: try await rows(ofGroup: gid))
    }

    public func groupMembers(gid: String) async throws -> [GroupMembership] {
        try await rows(ofGroup: gid).values.sorted { $0.uid < $1.uid }
    }

    /// A group's rows by uid, from the cache when a read already found them.
    private func rows(ofGroup gid: String) async throws -> [String: GroupMembership] {
        let (cached, generation) = groupRows.lookup(gid)
        if let cached { return cached }
        let rows = try await read { db in try Self.members(db, gid) }
        groupRows.keep([gid: rows], readAt: generation)
        return rows
    }

    static func groupExists(_ db: Database, _ gid: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM chatGroup WHERE gid = ?)"), arguments: [gid]) ?? false
    }

    static func members(_ db: Database, _ gid: String) throws -> [String: GroupMembership] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT uid, alias, status FROM groupMember WHERE gid = ?"), arguments: [gid])
        var members: [String: GroupMembership] = [:]
        for row in rows {
            guard let status = MemberStatus(rawValue: row["status"]) else {
                throw StoreError.corruptRow("groupMember status in \(gid)")
            }
            let member = GroupMembership(uid: row["uid"], alias: row["alias"], status: status)
            members[member.uid] = member
        }
        return members
    }

    static func apply(_ change: DirectoryRules.GroupChange, gid: String, _ db: Database) throws {
        if change.createsGroup {
            try db.execute(sql: "INSERT INTO chatGroup (gid) VALUES (?)", arguments: [gid])
        }
        for member in change.upserts {
            try db.execute(
                sql: "INSERT OR REPLACE INTO groupMember (gid, uid, alias, status) VALUES (?, ?, ?, ?)",
                arguments: [gid, member.uid, member.alias, member.status.rawValue])
        }
    }
}
