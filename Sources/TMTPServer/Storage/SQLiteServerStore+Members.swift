import Foundation
import GRDB

extension SQLiteServerStore: MemberAdministration {
    public func member(named uidOrAlias: String) async throws -> MemberRecord? {
        try await read { db in
            let uid: String
            if try Self.userExists(db, uidOrAlias) {
                uid = uidOrAlias
            } else if let owner = try Self.aliasOwner(db, uidOrAlias) {
                uid = owner
            } else {
                return nil
            }
            guard let created = try Int64.fetchOne(db, sql: "SELECT created FROM user WHERE uid = ?", arguments: [uid])
            else { return nil }
            let aliases = try String.fetchAll(
                db, sql: "SELECT alias FROM alias WHERE uid = ? ORDER BY rowid", arguments: [uid])
            let nodes = try Int.fetchAll(
                db, sql: "SELECT number FROM node WHERE uid = ? AND defunct = 0 ORDER BY number", arguments: [uid])
            let queued =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM queue q JOIN node n ON n.id = q.node WHERE n.uid = ? AND n.defunct = 0",
                    arguments: [uid]) ?? 0
            let since = try Int64.fetchOne(db, sql: "SELECT since FROM suspendedUser WHERE uid = ?", arguments: [uid])
            return MemberRecord(
                uid: uid, aliases: aliases, nodes: nodes, queued: queued, created: Self.date(milliseconds: created),
                suspended: since.map { Self.date(milliseconds: $0) })
        }
    }

    public func suspend(uid: String, now: Date) async throws {
        try await write { db in
            guard try Self.userExists(db, uid) else { throw UnknownMember(uid) }
            try db.execute(
                sql: "INSERT OR IGNORE INTO suspendedUser (uid, since) VALUES (?, ?)",
                arguments: [uid, Self.milliseconds(now)])
            try Self.record(.suspend, uid: uid, db)
        }
    }

    public func resume(uid: String) async throws {
        try await write { db in
            guard try Self.userExists(db, uid) else { throw UnknownMember(uid) }
            try db.execute(sql: "DELETE FROM suspendedUser WHERE uid = ?", arguments: [uid])
            try Self.record(.resume, uid: uid, db)
        }
    }

    public func remove(uid: String) async throws {
        defer { nodeLists.forget(uid) }
        let freed = try await write { db -> [String] in
            guard try Self.userExists(db, uid) else { throw UnknownMember(uid) }
            var freed: [String] = []
            for row in try Int64.fetchAll(db, sql: "SELECT id FROM node WHERE uid = ?", arguments: [uid]) {
                let queued = try Int64.fetchAll(db, sql: "SELECT message FROM queue WHERE node = ?", arguments: [row])
                freed += try queued.compactMap { try Self.removeQueueEntry(db, node: row, message: $0) }
            }
            self.nodeRows.forgetAll()
            for table in ["node", "alias", "groupMember", "suspendedUser", "user"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE uid = ?", arguments: [uid])
            }
            try Self.record(.remove, uid: uid, db)
            return freed
        }
        removeBlobs(freed)
    }

    public func dropNodeAsAdministrator(_ node: NodeAddress) async throws {
        defer { nodeLists.forget(node.uid) }
        let freed = try await write { db -> [String] in
            let freed = try self.markDefunct(node, db)
            try Self.record(.dropNode, uid: node.uid, node: node.number, db)
            return freed
        }
        removeBlobs(freed)
    }

    public func suspendedMembers() async throws -> Set<String> {
        try await read { db in try Set(String.fetchAll(db, sql: "SELECT uid FROM suspendedUser")) }
    }

    public func memberChanges(after sequence: Int64) async throws -> [MemberChange] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT sequence, kind, uid, node FROM memberChange WHERE sequence > ? ORDER BY sequence"),
                arguments: [sequence]
            ).map { row in
                let kind: String = row["kind"]
                guard let known = MemberChange.Kind(rawValue: kind) else {
                    throw StoreError.corruptRow("memberChange kind \(kind)")
                }
                return MemberChange(sequence: row["sequence"], kind: known, uid: row["uid"], node: row["node"])
            }
        }
    }

    public func latestMemberChange() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM memberChange") ?? 0 }
    }

    public func reloadDirectory() async throws {
        let freed = try await write { db -> [String] in
            self.nodeRows.forgetAll()
            let stale = try Row.fetchAll(
                db, sql: "SELECT q.node, q.message FROM queue q JOIN node n ON n.id = q.node WHERE n.defunct = 1")
            return try stale.compactMap { row in
                try Self.removeQueueEntry(db, node: row["node"], message: row["message"])
            }
        }
        nodeLists.forgetAll()
        groupRows.forgetAll()
        aliasOwners.forgetAll()
        removeBlobs(freed)
    }

    private static func record(_ kind: MemberChange.Kind, uid: String, node: Int? = nil, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO memberChange (kind, uid, node) VALUES (?, ?, ?)", arguments: [kind.rawValue, uid, node])
    }
}
