import Foundation
import GRDB

/// Copying an account's history to a new device of it: gathered here on the device that asked
/// for the node, applied on the new one after the thread files it came with.
extension ClientStore {
    /// The address book, groups, and each thread's tags and unread messages.
    public nonisolated func nodeHistory(account: String) async throws -> NodeHistory {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            let contacts = try Row.fetchAll(
                db, sql: "SELECT alias, uid, origin, blocked FROM contact WHERE account_id = ? ORDER BY alias",
                arguments: [accountID]
            ).map { row in
                let origin: String = row["origin"]
                return NodeHistory.ContactEntry(
                    alias: row["alias"], uid: row["uid"], origin: Contact.Origin(rawValue: origin) ?? .manual,
                    blocked: row["blocked"])
            }
            let groups = try Row.fetchAll(
                db, sql: "SELECT gid, my_alias, is_owner FROM contact_group WHERE account_id = ? ORDER BY gid",
                arguments: [accountID]
            ).map { row in
                let gid: String = row["gid"]
                let members = try Row.fetchAll(
                    db,
                    sql: "SELECT alias, uid, status FROM group_member WHERE account_id = ? AND gid = ? ORDER BY alias",
                    arguments: [accountID, gid]
                ).map { member in
                    let status: String = member["status"]
                    return NodeHistory.MemberEntry(
                        alias: member["alias"], uid: member["uid"],
                        status: GroupMember.Status(rawValue: status) ?? .invited)
                }
                return NodeHistory.GroupEntry(
                    gid: gid, myAlias: row["my_alias"], isOwner: row["is_owner"], members: members)
            }
            let threads = try String.fetchAll(
                db, sql: "SELECT id FROM thread WHERE account_id = ? ORDER BY last_activity", arguments: [accountID]
            ).map { thread in
                NodeHistory.ThreadEntry(
                    id: thread,
                    tags: try String.fetchAll(
                        db, sql: "SELECT tag FROM thread_tag WHERE account_id = ? AND thread_id = ? ORDER BY tag",
                        arguments: [accountID, thread]),
                    unread: try String.fetchAll(
                        db,
                        sql:
                            "SELECT msgid FROM message WHERE account_id = ? AND thread_id = ? AND is_read = 0 ORDER BY id",
                        arguments: [accountID, thread]))
            }
            return NodeHistory(contacts: contacts, groups: groups, threads: threads)
        }
    }

    /// Applies a history summary from another node of ours: contacts and groups are added (what
    /// this device already knows wins), tags are added, and read state follows the summary for
    /// the messages it names.
    @discardableResult
    public func storeNodeHistory(serverID: String, history: NodeHistory, account: String) async throws
        -> ReceiveOutcome
    {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            let now = Date().timeIntervalSince1970
            for contact in history.contacts {
                try db.execute(
                    sql: """
                        INSERT INTO contact (account_id, alias, uid, origin, blocked, created) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (account_id, alias) DO UPDATE SET uid = coalesce(uid, excluded.uid)
                        """,
                    arguments: [accountID, contact.alias, contact.uid, contact.origin.rawValue, contact.blocked, now])
            }
            for group in history.groups {
                try db.execute(
                    sql: """
                        INSERT INTO contact_group (account_id, gid, my_alias, is_owner, created) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (account_id, gid) DO NOTHING
                        """,
                    arguments: [accountID, group.gid, group.myAlias, group.isOwner, now])
                for member in group.members {
                    try db.execute(
                        sql: """
                            INSERT INTO group_member (account_id, gid, alias, uid, status) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (account_id, gid, alias) DO NOTHING
                            """,
                        arguments: [accountID, group.gid, member.alias, member.uid, member.status.rawValue])
                }
            }
            var changes = [
                StoreChange(area: .contacts, account: account), StoreChange(area: .groups, account: account),
            ]
            for thread in history.threads {
                let known = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE account_id = ? AND id = ?)",
                    arguments: [accountID, thread.id])
                guard known == true else { continue }
                for tag in thread.tags {
                    guard let tag = try? Self.validTag(tag) else { continue }
                    try db.execute(
                        sql:
                            "INSERT OR IGNORE INTO thread_tag (account_id, thread_id, tag, created) VALUES (?, ?, ?, ?)",
                        arguments: [accountID, thread.id, tag, now])
                }
                let unread = Set(thread.unread)
                for msgid in try String.fetchAll(
                    db, sql: "SELECT msgid FROM message WHERE account_id = ? AND thread_id = ?",
                    arguments: [accountID, thread.id])
                {
                    try db.execute(
                        sql: "UPDATE message SET is_read = ? WHERE account_id = ? AND msgid = ?",
                        arguments: [!unread.contains(msgid), accountID, msgid])
                }
                try Self.recountUnread(db, accountID: accountID, thread: thread.id)
                changes.append(StoreChange(area: .threads, account: account, thread: thread.id))
            }
            return (.stored, changes)
        }
    }
}
