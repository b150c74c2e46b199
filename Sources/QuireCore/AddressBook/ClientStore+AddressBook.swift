import Foundation
import GRDB

extension ClientStore {
    // MARK: - Contacts

    /// Adds a contact or updates the one with the same alias (case-insensitive).
    public func saveContact(_ contact: Contact) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, contact.account)
            try db.execute(
                sql: """
                    INSERT INTO contact (account_id, alias, uid, origin, blocked, created) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, alias) DO UPDATE SET
                        alias = excluded.alias, uid = coalesce(excluded.uid, uid),
                        origin = excluded.origin, blocked = excluded.blocked
                    """,
                arguments: [
                    accountID, contact.alias, contact.uid, contact.origin.rawValue, contact.blocked,
                    contact.created.timeIntervalSince1970,
                ])
            return ((), [StoreChange(area: .contacts, account: contact.account)])
        }
    }

    /// Blocks or unblocks a contact. From then on, `insertReceived` and `insertNotice` drop
    /// what a blocked contact sends, and `isBlocked` tells the sync layer to drop presence.
    public func setBlocked(_ blocked: Bool, account: String, alias: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.execute(
                sql: "UPDATE contact SET blocked = ? WHERE account_id = ? AND alias = ?",
                arguments: [blocked, accountID, alias])
            guard db.changesCount > 0 else { throw ClientStoreError.unknownContact(account: account, alias: alias) }
            return ((), [StoreChange(area: .contacts, account: account)])
        }
    }

    /// Removes a contact; returns false when there was none.
    @discardableResult
    public func removeContact(account: String, alias: String) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.execute(
                sql: "DELETE FROM contact WHERE account_id = ? AND alias = ?", arguments: [accountID, alias])
            let removed = db.changesCount > 0
            return (removed, removed ? [StoreChange(area: .contacts, account: account)] : [])
        }
    }

    /// The contacts of an account, by alias.
    public nonisolated func contacts(account: String) async throws -> [Contact] {
        try await read { db in try StoreReader.contacts(db, account: account) }
    }

    /// A contact by alias (case-insensitive), or nil.
    public nonisolated func contact(account: String, alias: String) async throws -> Contact? {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try Row.fetchOne(
                db, sql: "SELECT * FROM contact WHERE account_id = ? AND alias = ?", arguments: [accountID, alias]
            ).map { try Self.contact(from: $0, account: account) }
        }
    }

    /// Whether the uid belongs to a blocked contact of the account.
    public nonisolated func isBlocked(account: String, uid: String) async throws -> Bool {
        try await read { db in
            try Self.isBlocked(db, accountID: try Self.accountID(db, account), uid: uid)
        }
    }

    static func contact(from row: Row, account: String) throws -> Contact {
        let originText: String = row["origin"]
        guard let origin = Contact.Origin(rawValue: originText) else {
            throw ClientStoreError.corrupt("contact origin \(originText)")
        }
        return Contact(
            account: account, alias: row["alias"], uid: row["uid"], origin: origin, blocked: row["blocked"],
            created: Date(timeIntervalSince1970: row["created"]))
    }

    // MARK: - Groups

    /// Adds a group or updates the one with the same gid.
    public func saveGroup(_ group: ContactGroup) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, group.account)
            try db.execute(
                sql: """
                    INSERT INTO contact_group (account_id, gid, my_alias, is_owner, created) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, gid) DO UPDATE SET my_alias = excluded.my_alias, is_owner = excluded.is_owner
                    """,
                arguments: [accountID, group.gid, group.myAlias, group.isOwner, group.created.timeIntervalSince1970])
            return ((), [StoreChange(area: .groups, account: group.account)])
        }
    }

    /// Removes a group and its member list (after leaving it); returns false when there was none.
    @discardableResult
    public func removeGroup(account: String, gid: String) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.execute(
                sql: "DELETE FROM contact_group WHERE account_id = ? AND gid = ?", arguments: [accountID, gid])
            let removed = db.changesCount > 0
            return (removed, removed ? [StoreChange(area: .groups, account: account)] : [])
        }
    }

    public nonisolated func groups(account: String) async throws -> [ContactGroup] {
        try await read { db in try StoreReader.groups(db, account: account) }
    }

    /// Adds a member to a known group or updates their uid and status.
    public func saveMember(_ member: GroupMember) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, member.account)
            let known = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM contact_group WHERE account_id = ? AND gid = ?)",
                arguments: [accountID, member.gid])
            if known != true { throw ClientStoreError.unknownGroup(account: member.account, gid: member.gid) }
            try db.execute(
                sql: """
                    INSERT INTO group_member (account_id, gid, alias, uid, status) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, gid, alias) DO UPDATE SET
                        uid = coalesce(excluded.uid, uid), status = excluded.status
                    """,
                arguments: [accountID, member.gid, member.alias, member.uid, member.status.rawValue])
            return ((), [StoreChange(area: .groups, account: member.account)])
        }
    }

    /// Removes a member (dropped, or left); returns false when there was none.
    @discardableResult
    public func removeMember(account: String, gid: String, alias: String) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.execute(
                sql: "DELETE FROM group_member WHERE account_id = ? AND gid = ? AND alias = ?",
                arguments: [accountID, gid, alias])
            let removed = db.changesCount > 0
            return (removed, removed ? [StoreChange(area: .groups, account: account)] : [])
        }
    }

    /// The members of a group, by alias.
    public nonisolated func members(account: String, gid: String) async throws -> [GroupMember] {
        try await read { db in try StoreReader.members(db, account: account, gid: gid) }
    }

    // MARK: - Notices

    /// Stores a received ping or invitation as a pending notice, once per server id; drops it
    /// (recording the id) when the sender is blocked.
    @discardableResult
    public func insertNotice(_ notice: ReceivedNotice, account: String) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: notice.serverID) else {
                return (.duplicate, [])
            }
            if try Self.isBlocked(db, accountID: accountID, uid: notice.fromUID) { return (.blocked, []) }
            try db.execute(
                sql: """
                    INSERT INTO notice (account_id, kind, server_id, from_alias, from_uid, gid, text, posted, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [
                    accountID, notice.kind.rawValue, notice.serverID, notice.fromAlias, notice.fromUID, notice.gid,
                    notice.text, notice.posted,
                ])
            return (.stored, [StoreChange(area: .notices, account: account)])
        }
    }

    /// Notices, oldest first, of one account or all, optionally only those in one state.
    public nonisolated func notices(account: String? = nil, state: Notice.State? = nil) async throws -> [Notice] {
        try await read { db in try StoreReader.notices(db, account: account, state: state) }
    }

    /// Accepts or ignores a notice.
    public func setNoticeState(_ state: Notice.State, id: Int64) async throws {
        try await write { db in
            guard
                let account = try String.fetchOne(
                    db, sql: "SELECT a.name FROM notice n JOIN account a ON a.id = n.account_id WHERE n.id = ?",
                    arguments: [id])
            else { throw ClientStoreError.unknownNotice(id) }
            try db.execute(sql: "UPDATE notice SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
            return ((), [StoreChange(area: .notices, account: account)])
        }
    }

    static func notice(from row: Row) throws -> Notice {
        let kindText: String = row["kind"]
        let stateText: String = row["state"]
        guard let kind = Notice.Kind(rawValue: kindText), let state = Notice.State(rawValue: stateText) else {
            throw ClientStoreError.corrupt("notice kind \(kindText) state \(stateText)")
        }
        return Notice(
            id: row["id"], account: row["account"], kind: kind, serverID: row["server_id"],
            fromAlias: row["from_alias"], fromUID: row["from_uid"], gid: row["gid"], text: row["text"],
            posted: row["posted"], state: state, threadID: row["thread_id"])
    }
}
