import Foundation
import PostgresNIO

/// Member administration on PostgreSQL: each change commits with its numbered row in `member_change`
/// and a notice on ``PostgresServerStore/memberChannel``, so every running instance acts on it at once.
extension PostgresServerStore: MemberAdministration {
    static let memberChannel = "tmtpd_member"

    public func member(named uidOrAlias: String) async throws -> MemberRecord? {
        let uid: String
        if try await userExists(uidOrAlias, on: nil) {
            uid = uidOrAlias
        } else if let owner = try await aliasOwner(uidOrAlias, on: nil) {
            uid = owner
        } else {
            return nil
        }
        guard
            let (created, since) = try await rows(
                """
                SELECT u.created, s.since FROM site_user u LEFT JOIN suspended_user s ON s.uid = u.uid
                WHERE u.uid = \(uid)
                """, as: (Int64, Int64?).self
            ).first
        else { return nil }
        let nodes = try await rows(
            "SELECT number FROM node WHERE uid = \(uid) AND NOT defunct ORDER BY number", as: Int.self)
        let queued =
            try await value(
                "SELECT count(*) FROM queue q JOIN node n ON n.id = q.node WHERE n.uid = \(uid) AND NOT n.defunct",
                as: Int.self) ?? 0
        return MemberRecord(
            uid: uid, aliases: try await aliases(of: uid), nodes: nodes, queued: queued,
            created: SQLiteServerStore.date(milliseconds: created),
            suspended: since.map { SQLiteServerStore.date(milliseconds: $0) })
    }

    public func suspend(uid: String, now: Date) async throws {
        try await memberChange(.suspend, uid: uid) { connection in
            try await self.execute(
                """
                INSERT INTO suspended_user (uid, since) VALUES (\(uid), \(SQLiteServerStore.milliseconds(now)))
                ON CONFLICT DO NOTHING
                """, on: connection)
            return []
        }
    }

    public func resume(uid: String) async throws {
        try await memberChange(.resume, uid: uid) { connection in
            try await self.execute("DELETE FROM suspended_user WHERE uid = \(uid)", on: connection)
            return []
        }
    }

    public func remove(uid: String) async throws {
        try await memberChange(.remove, uid: uid) { connection in
            var freed: [String] = []
            for row in try await self.rows("SELECT id FROM node WHERE uid = \(uid)", as: Int64.self, on: connection) {
                freed += try await self.dropQueue(ofNodeRow: row, on: connection)
            }
            for table in ["node", "alias", "group_member", "suspended_user", "sign_in", "daily_ping", "site_user"] {
                try await self.execute("DELETE FROM \(unescaped: table) WHERE uid = \(uid)", on: connection)
            }
            return freed
        }
    }

    public func dropNodeAsAdministrator(_ node: NodeAddress) async throws {
        try await memberChange(.dropNode, uid: node.uid, node: node.number) { connection in
            try await self.markDefunct(node, on: connection)
        }
    }

    public func suspendedMembers() async throws -> Set<String> {
        Set(try await rows("SELECT uid FROM suspended_user", as: String.self))
    }

    public func memberChanges(after sequence: Int64) async throws -> [MemberChange] {
        try await rows(
            "SELECT sequence, kind, uid, node FROM member_change WHERE sequence > \(sequence) ORDER BY sequence",
            as: (Int64, String, String, Int?).self
        ).map { sequence, kind, uid, node in
            guard let known = MemberChange.Kind(rawValue: kind) else {
                throw StoreError.corruptRow("member_change kind \(kind)")
            }
            return MemberChange(sequence: sequence, kind: known, uid: uid, node: node)
        }
    }

    public func latestMemberChange() async throws -> Int64 {
        try await value("SELECT COALESCE(max(sequence), 0)::bigint FROM member_change", as: Int64.self) ?? 0
    }

    /// Nothing of the directory is cached here; queue entries an enqueue added for a node while it
    /// was being dropped are freed.
    public func reloadDirectory() async throws {
        let freed = try await transaction { connection in
            var freed: [String] = []
            for row in try await self.rows(
                "SELECT DISTINCT q.node FROM queue q JOIN node n ON n.id = q.node WHERE n.defunct", as: Int64.self,
                on: connection)
            {
                freed += try await self.dropQueue(ofNodeRow: row, on: connection)
            }
            return freed
        }
        removeCachedBlobs(freed)
    }

    /// Signals from ``memberChannel`` (and after a break in listening, when some may have been missed).
    public func memberChangeSignals() -> AsyncStream<Void>? {
        listen()
        return memberSignals.stream
    }

    /// One administrative change: `body` under the directory lock for an existing member, then its
    /// change row and notice, all in one transaction. `body` returns the blobs it freed.
    private func memberChange(
        _ kind: MemberChange.Kind, uid: String, node: Int? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> [String]
    ) async throws {
        let freed = try await directoryChange { connection in
            guard try await self.userExists(uid, on: connection) else { throw UnknownMember(uid) }
            let freed = try await body(connection)
            try await self.execute(
                "INSERT INTO member_change (kind, uid, node) VALUES (\(kind.rawValue), \(uid), \(node))",
                on: connection)
            try await self.execute("SELECT pg_notify(\(Self.memberChannel), '')", on: connection)
            return freed
        }
        removeCachedBlobs(freed)
    }

    /// Empties one node's queue, returning the blobs of messages no queue names any more.
    private func dropQueue(ofNodeRow row: Int64, on connection: PostgresConnection) async throws -> [String] {
        let queued = try await rows(
            "DELETE FROM queue WHERE node = \(row) RETURNING message", as: Int64.self, on: connection)
        return try await release(queued, on: connection)
    }
}
