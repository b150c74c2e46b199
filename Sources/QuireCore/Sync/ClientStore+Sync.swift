import Foundation
import GRDB

/// The store writes of the sync layer: each server message's effects and its seen id commit in
/// one transaction, so acking after the write is safe and a re-delivery changes nothing.
extension ClientStore {
    /// Stores a delivered post. When its sender is a contact we pinged and whose uid we did not
    /// know yet (the alias matches, no other uid holds it), the contact learns the uid.
    @discardableResult
    public func storeDelivery(_ message: ReceivedMessage, account: String) async throws -> StoredDelivery {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            let ownUID = try String.fetchOne(db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            if let alias = message.alias, !alias.isEmpty, message.fromUID != ownUID {
                try Self.learnUID(db, accountID: accountID, alias: alias, uid: message.fromUID)
            }
            let outcome = try Self.storeReceived(db, message, accountID: accountID, ownUID: ownUID)
            guard outcome == .stored else { return (StoredDelivery(outcome: outcome, fromAlias: nil), []) }
            // The alias the message was stored under (the address book's, else the sender's), so
            // the new-message event needs no read after the write.
            let alias = try String.fetchOne(
                cached: db, sql: "SELECT from_alias FROM message WHERE account_id = ? AND msgid = ?",
                arguments: [accountID, message.msgid])
            return (
                StoredDelivery(outcome: outcome, fromAlias: alias),
                [
                    StoreChange(area: .threads, account: account, thread: message.effectiveThreadID),
                    StoreChange(area: .contacts, account: account),
                ]
            )
        }
    }

    /// Stores a received ping or invitation as a pending notice. One sent by our own uid (a ping
    /// from another of our nodes) is recorded as a contact we pinged instead.
    @discardableResult
    public func storePing(_ notice: ReceivedNotice, to recipient: String, account: String) async throws
        -> ReceiveOutcome
    {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: notice.serverID) else {
                return (.duplicate, [])
            }
            let ownUID = try String.fetchOne(db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            if notice.fromUID == ownUID {
                if notice.kind == .ping, !recipient.isEmpty {
                    try Self.upsertContact(db, accountID: accountID, alias: recipient, uid: nil, origin: .pingSent)
                }
                return (.stored, [StoreChange(area: .contacts, account: account)])
            }
            if try Self.isBlocked(db, accountID: accountID, uid: notice.fromUID) { return (.blocked, []) }
            // The reference client drops a ping whose alias is already mapped to another uid.
            let mapped = try String.fetchOne(
                db, sql: "SELECT uid FROM contact WHERE account_id = ? AND alias = ? AND uid IS NOT NULL",
                arguments: [accountID, notice.fromAlias])
            if let mapped, mapped != notice.fromUID { return (.blocked, []) }
            try Self.learnUID(db, accountID: accountID, alias: notice.fromAlias, uid: notice.fromUID)
            try db.execute(
                sql: """
                    INSERT INTO notice (account_id, kind, server_id, from_alias, from_uid, gid, text, posted, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [
                    accountID, notice.kind.rawValue, notice.serverID, notice.fromAlias, notice.fromUID, notice.gid,
                    notice.text, notice.posted,
                ])
            return (
                .stored,
                [StoreChange(area: .notices, account: account), StoreChange(area: .contacts, account: account)]
            )
        }
    }

    /// Applies a `member` message (invite, join, alias, drop) to the group's member list.
    @discardableResult
    public func storeMemberChange(_ change: MemberChange, account: String) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: change.serverID) else {
                return (.duplicate, [])
            }
            let ownUID = try String.fetchOne(db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            let byMe = change.fromUID == ownUID
            try db.execute(
                sql: """
                    INSERT INTO contact_group (account_id, gid, my_alias, is_owner, created) VALUES (?, ?, NULL, 0, ?)
                    ON CONFLICT (account_id, gid) DO NOTHING
                    """,
                arguments: [accountID, change.gid, Date().timeIntervalSince1970])
            let myAlias = try String.fetchOne(
                db, sql: "SELECT my_alias FROM contact_group WHERE account_id = ? AND gid = ?",
                arguments: [accountID, change.gid])
            switch change.action {
            case .invite:
                try Self.upsertMember(
                    db, accountID: accountID, gid: change.gid, alias: change.alias, uid: nil, status: .invited)
            case .join:
                try Self.upsertMember(
                    db, accountID: accountID, gid: change.gid, alias: change.alias, uid: change.fromUID, status: .joined
                )
                if byMe {
                    try db.execute(
                        sql: "UPDATE contact_group SET my_alias = ? WHERE account_id = ? AND gid = ?",
                        arguments: [change.alias, accountID, change.gid])
                }
            case .alias(let newAlias):
                try db.execute(
                    sql: "DELETE FROM group_member WHERE account_id = ? AND gid = ? AND alias = ?",
                    arguments: [accountID, change.gid, change.alias])
                try Self.upsertMember(
                    db, accountID: accountID, gid: change.gid, alias: newAlias, uid: change.fromUID, status: .joined)
                if byMe {
                    try db.execute(
                        sql: "UPDATE contact_group SET my_alias = ? WHERE account_id = ? AND gid = ?",
                        arguments: [newAlias, accountID, change.gid])
                }
            case .drop:
                if let myAlias, myAlias.caseInsensitiveCompare(change.alias) == .orderedSame {
                    // We left or were dropped: the group is gone from our side.
                    try db.execute(
                        sql: "DELETE FROM contact_group WHERE account_id = ? AND gid = ?",
                        arguments: [accountID, change.gid])
                } else {
                    try db.execute(
                        sql: "DELETE FROM group_member WHERE account_id = ? AND gid = ? AND alias = ?",
                        arguments: [accountID, change.gid, change.alias])
                }
            }
            return (.stored, [StoreChange(area: .groups, account: account)])
        }
    }

    /// Applies a `user` message: a new alias of ours, or a new node. Returns whether it was new.
    @discardableResult
    public func storeUserChange(serverID: String, newAlias: String?, account: String) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            if let newAlias, !newAlias.isEmpty {
                try db.execute(
                    sql: "UPDATE account SET alias = ?, error = NULL WHERE id = ?", arguments: [newAlias, accountID])
            }
            return (.stored, [StoreChange(area: .accounts, account: account)])
        }
    }

    /// Applies read-state and tag changes made on another node of the account.
    @discardableResult
    public func storeNodeSync(serverID: String, changes: [NodeSyncChange], account: String) async throws
        -> ReceiveOutcome
    {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            var events: [StoreChange] = []
            for change in changes {
                let known = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE account_id = ? AND id = ?)",
                    arguments: [accountID, change.thread])
                guard known == true else { continue }
                switch change.op {
                case .read:
                    try db.execute(
                        sql: "UPDATE message SET is_read = ? WHERE account_id = ? AND thread_id = ?",
                        arguments: [change.read ?? true, accountID, change.thread])
                    try Self.recountUnread(db, accountID: accountID, thread: change.thread)
                    events.append(StoreChange(area: .threads, account: account, thread: change.thread))
                case .tag:
                    guard let raw = change.tag, let tag = try? Self.validTag(raw) else { continue }
                    if change.add ?? true {
                        try db.execute(
                            sql:
                                "INSERT OR IGNORE INTO thread_tag (account_id, thread_id, tag, created) VALUES (?, ?, ?, ?)",
                            arguments: [accountID, change.thread, tag, Date().timeIntervalSince1970])
                    } else {
                        try db.execute(
                            sql: "DELETE FROM thread_tag WHERE account_id = ? AND thread_id = ? AND tag = ?",
                            arguments: [accountID, change.thread, tag])
                    }
                    events.append(StoreChange(area: .tags, account: account, thread: change.thread))
                }
            }
            return (.stored, events)
        }
    }

    /// Marks a notice accepted and queues what accepting means on the wire, in one transaction:
    /// for a ping, the sender becomes a contact reachable by uid and joins our presence list;
    /// for an invitation, a GroupEdit join.
    @discardableResult
    public func acceptNotice(id: Int64, followUp: @escaping @Sendable (Notice) throws -> OutboxItem?) async throws
        -> Notice
    {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT n.*, a.name AS account FROM notice n JOIN account a ON a.id = n.account_id WHERE n.id = ?",
                    arguments: [id])
            else { throw ClientStoreError.unknownNotice(id) }
            let accountID: Int64 = row["account_id"]
            let account: String = row["account"]
            let kindText: String = row["kind"]
            guard let kind = Notice.Kind(rawValue: kindText) else {
                throw ClientStoreError.corrupt("notice kind")
            }
            let notice = Notice(
                id: id, account: account, kind: kind, serverID: row["server_id"], fromAlias: row["from_alias"],
                fromUID: row["from_uid"], gid: row["gid"], text: row["text"], posted: row["posted"], state: .accepted)
            try db.execute(sql: "UPDATE notice SET state = 'accepted' WHERE id = ?", arguments: [id])
            var changes = [StoreChange(area: .notices, account: account)]
            try Self.upsertContact(
                db, accountID: accountID, alias: notice.fromAlias, uid: notice.fromUID,
                origin: kind == .ping ? .ping : .invite)
            changes.append(StoreChange(area: .contacts, account: account))
            if kind == .invite, let gid = notice.gid {
                try db.execute(
                    sql: """
                        INSERT INTO contact_group (account_id, gid, my_alias, is_owner, created) VALUES (?, ?, NULL, 0, ?)
                        ON CONFLICT (account_id, gid) DO NOTHING
                        """,
                    arguments: [accountID, gid, Date().timeIntervalSince1970])
                changes.append(StoreChange(area: .groups, account: account))
            }
            if let item = try followUp(notice) {
                try Self.insertOutbox(db, item, accountID: accountID)
                changes.append(StoreChange(area: .outbox, account: account))
            }
            return (notice, changes)
        }
    }

    /// Queues several outgoing ops in one transaction (for example a contact change and its OhiEdit).
    public func enqueue(_ items: [OutboxItem], account: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            for item in items { try Self.insertOutbox(db, item, accountID: accountID) }
            return ((), [StoreChange(area: .outbox, account: account)])
        }
    }

    /// Whether a server message id was handled before.
    /// Where the files of post `serverID` go: nil when the post was stored already (its files
    /// are not written twice) or the store keeps no files. One read before a post's files.
    public nonisolated func attachmentsDirectory(account: String, unlessSeen serverID: String) async throws -> URL? {
        let accountID: Int64? = try await read { db in
            let accountID = try Self.accountID(db, account)
            let seen = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM seen_id WHERE account_id = ? AND id = ?)",
                arguments: [accountID, serverID])
            return seen == true ? nil : accountID
        }
        return accountID.flatMap(attachmentsDirectory(accountID:))
    }

    public nonisolated func hasSeen(account: String, serverID: String) async throws -> Bool {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM seen_id WHERE account_id = ? AND id = ?)",
                arguments: [accountID, serverID]) ?? false
        }
    }

    /// Uids of the account's contacts that are not blocked: the presence list sent at login.
    public nonisolated func presenceUIDs(account: String) async throws -> [String] {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try String.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT uid FROM contact WHERE account_id = ? AND uid IS NOT NULL AND blocked = 0 ORDER BY uid",
                arguments: [accountID])
        }
    }

    // MARK: - Helpers (the caller holds the transaction)

    static func learnUID(_ db: Database, accountID: Int64, alias: String, uid: String) throws {
        let taken = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM contact WHERE account_id = ? AND uid = ? AND alias <> ?)",
            arguments: [accountID, uid, alias])
        guard taken != true else { return }
        try db.execute(
            sql: "UPDATE contact SET uid = ? WHERE account_id = ? AND alias = ? AND uid IS NULL",
            arguments: [uid, accountID, alias])
    }

    static func upsertContact(_ db: Database, accountID: Int64, alias: String, uid: String?, origin: Contact.Origin)
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO contact (account_id, alias, uid, origin, blocked, created) VALUES (?, ?, ?, ?, 0, ?)
                ON CONFLICT (account_id, alias) DO UPDATE SET uid = coalesce(excluded.uid, uid)
                """,
            arguments: [accountID, alias, uid, origin.rawValue, Date().timeIntervalSince1970])
    }

    static func upsertMember(
        _ db: Database, accountID: Int64, gid: String, alias: String, uid: String?, status: GroupMember.Status
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO group_member (account_id, gid, alias, uid, status) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (account_id, gid, alias) DO UPDATE SET
                    uid = coalesce(excluded.uid, uid), status = excluded.status
                """,
            arguments: [accountID, gid, alias, uid, status.rawValue])
    }

    /// Writes an outbox row inside a caller's transaction; `enqueue(_:)` and the sync writes share it.
    static func insertOutbox(_ db: Database, _ item: OutboxItem, accountID: Int64) throws {
        let exists = try Bool.fetchOne(
            cached: db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE account_id = ? AND id = ?)",
            arguments: [accountID, item.id])
        if exists == true { throw ClientStoreError.duplicateOutboxItem(account: item.account, id: item.id) }
        var data: Data?
        var dataPath: String?
        switch item.payload {
        case .none: break
        case .inline(let bytes): data = bytes
        case .file(let path): dataPath = path
        }
        try db.executeCached(
            sql: """
                INSERT INTO outbox (account_id, id, kind, header, data, data_path, state, attempts, created, draft_id, post)
                VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)
                """,
            arguments: [
                accountID, item.id, item.kind.rawValue, item.headerJSON, data, dataPath,
                item.created.timeIntervalSince1970, item.draftID, try item.post.map(Self.encodeJSON),
            ])
    }
}

/// A `member` message: what happened to whom in which group, and who did it.
public struct MemberChange: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case invite
        case join
        case alias(newAlias: String)
        case drop
    }

    public var serverID: String
    /// The uid that made the change (the inviter, the joiner, the dropper).
    public var fromUID: String
    public var gid: String
    /// The member concerned (for `alias`, the old alias).
    public var alias: String
    public var action: Action

    public init(serverID: String, fromUID: String, gid: String, alias: String, action: Action) {
        self.serverID = serverID
        self.fromUID = fromUID
        self.gid = gid
        self.alias = alias
        self.action = action
    }
}
