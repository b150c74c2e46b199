import Foundation
import GRDB
import TMTP

/// Forwarding (PostNotify), as the reference client does it: new members receive the thread
/// file and store it as a thread marked "forwarded by"; everyone on the thread receives a
/// `notify` naming who was added, which is kept per thread (so replies reach them) and shown
/// as a notice; and each member then sends the new members its own messages again (confirm
/// posts), which clear the mark on a matching copy and flag a copy that differs.
extension ClientStore {
    /// Stores a forwarded thread's messages under `threadID`, each marked with the forwarder, and
    /// its Cc as the thread's members; messages already here are left as they are. With no
    /// forwarder, the file is history from another node of ours and is trusted as it stands.
    @discardableResult
    public func storeForwardedThread(
        serverID: String, forwardedBy: String?, threadID: String, file: ThreadFile, account: String
    ) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            if let forwardedBy, try Self.isBlocked(db, accountID: accountID, uid: forwardedBy) {
                return (.blocked, [])
            }
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE account_id = ? AND id = ?)",
                arguments: [accountID, threadID])
            // As in the reference client, a forward never adds to a thread we hold: its copies
            // could otherwise stand in for messages their authors have yet to deliver.
            if forwardedBy != nil, exists == true { return (.duplicate, []) }
            let ownUID = try String.fetchOne(db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            let rootSubject = file.messages.first { $0.id == threadID }?.subHead.subject ?? ""
            var stored = false
            for message in file.messages {
                let received = ReceivedMessage(
                    msgid: message.id, fromUID: message.fromUID, posted: message.posted,
                    alias: message.subHead.alias.isEmpty ? nil : message.subHead.alias, threadID: threadID,
                    subject: message.subHead.subject.isEmpty ? rootSubject : message.subHead.subject,
                    attachments: message.subHead.attach.map(AttachmentInfo.init(entry:)),
                    dataheadJSON: String(decoding: message.subHead.encoded(), as: UTF8.self), body: message.body,
                    forwardedBy: message.fromUID == ownUID ? nil : forwardedBy)
                if try Self.storeReceived(db, received, accountID: accountID, ownUID: ownUID) == .stored {
                    stored = true
                    if let record = message.record, received.forwardedBy != nil {
                        try db.execute(
                            sql: """
                                UPDATE message SET forward_size = ?, forward_checksum = ?
                                WHERE account_id = ? AND msgid = ?
                                """,
                            arguments: [record.size, Int64(record.checksum), accountID, message.id])
                    }
                }
            }
            if stored {
                try Self.addThreadMembers(db, accountID: accountID, thread: threadID, entries: file.cc)
            }
            let changes =
                stored
                ? [
                    StoreChange(area: .threads, account: account, thread: threadID),
                    StoreChange(area: .contacts, account: account),
                ] : []
            return (stored ? .stored : .duplicate, changes)
        }
    }

    /// Applies a `notify`: the members added to a thread we hold join it, and unless we forwarded
    /// it ourselves (from another device) or are one of the new members, a notice says who added whom.
    @discardableResult
    public func storeForwardNotice(
        serverID: String, fromUID: String, threadID: String, added: [PostDatahead.CcEntry], posted: String,
        account: String
    ) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            if try Self.isBlocked(db, accountID: accountID, uid: fromUID) { return (.blocked, []) }
            guard
                let subject = try String.fetchOne(
                    db, sql: "SELECT subject FROM thread WHERE account_id = ? AND id = ?",
                    arguments: [accountID, threadID])
            else { return (.stored, []) }
            try Self.addThreadMembers(db, accountID: accountID, thread: threadID, entries: added)
            var changes = [StoreChange(area: .threads, account: account, thread: threadID)]
            let ownUID = try String.fetchOne(db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            let includesMe = added.contains { $0.whoUID == ownUID }
            // The forwarding device confirms its own messages when its forward is acked.
            if fromUID != ownUID, !includesMe,
                try Self.queueConfirmations(db, accountID: accountID, account: account, thread: threadID, to: added)
            {
                changes.append(StoreChange(area: .outbox, account: account))
            }
            if fromUID != ownUID, !includesMe, !added.isEmpty {
                let knownAlias = try String.fetchOne(
                    db, sql: "SELECT alias FROM contact WHERE account_id = ? AND uid = ? LIMIT 1",
                    arguments: [accountID, fromUID])
                let byAlias = knownAlias ?? added.first { !$0.by.isEmpty }?.by ?? fromUID
                let names = added.map(\.who).joined(separator: ", ")
                try db.execute(
                    sql: """
                        INSERT INTO notice (account_id, kind, server_id, from_alias, from_uid, text, posted, state,
                            thread_id)
                        VALUES (?, 'forward', ?, ?, ?, ?, ?, 'pending', ?)
                        """,
                    arguments: [
                        accountID, serverID, byAlias, fromUID, "added \(names) to \"\(subject)\"", posted, threadID,
                    ])
                changes.append(StoreChange(area: .notices, account: account))
            }
            return (.stored, changes)
        }
    }

    /// Members added to a thread after it started (by forwards), oldest first.
    public nonisolated func threadMembers(account: String, thread: String) async throws -> [Recipient] {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT alias, uid, is_group FROM thread_member WHERE account_id = ? AND thread_id = ? ORDER BY added, alias",
                arguments: [accountID, thread]
            ).map { Recipient(alias: $0["alias"], uid: $0["uid"], isGroup: $0["is_group"]) }
        }
    }

    static func addThreadMembers(_ db: Database, accountID: Int64, thread: String, entries: [PostDatahead.CcEntry])
        throws
    {
        for entry in entries where !entry.whoUID.isEmpty {
            try db.executeCached(
                sql: """
                    INSERT OR IGNORE INTO thread_member (account_id, thread_id, alias, uid, is_group, by_alias, added)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [accountID, thread, entry.who, entry.whoUID, entry.isGroup, entry.by, entry.date])
        }
    }

    /// Applies a confirmation: when `fromUID` wrote the forwarded copy `confirmID` of `threadID`,
    /// a confirmation whose record (see ``ThreadFile/sum(_:)``) has the length and CRC-32C the
    /// copy's record had in the forwarded file clears the copy's "forwarded by" mark, and any
    /// other flags it, as the reference client compares them. (A copy stored before those sums
    /// were kept is compared by body.) A matching confirmation also gives the copy the files of
    /// its attachments (which a forward never carries): each of `attachments` with a
    /// `storedPath` fills the copy's attachment of the same kind, name and size that has none yet.
    @discardableResult
    public func storeConfirmation(
        serverID: String, fromUID: String, threadID: String, confirmID: String, record: ThreadFile.RecordSum,
        body: String, attachments: [AttachmentInfo] = [], account: String
    ) async throws -> ReceiveOutcome {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard try Self.recordSeen(db, accountID: accountID, serverID: serverID) else { return (.duplicate, []) }
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, from_uid, body, forwarded_by, forward_size, forward_checksum FROM message
                        WHERE account_id = ? AND thread_id = ? AND msgid = ?
                        """,
                    arguments: [accountID, threadID, confirmID])
            else { return (.stored, []) }
            let author: String = row["from_uid"]
            let storedBody: String = row["body"]
            // Only the author can vouch for a copy, and only an unconfirmed copy changes.
            guard author == fromUID, let forwardedBy: String = row["forwarded_by"],
                !forwardedBy.hasSuffix(StoredMessage.confirmFailed)
            else { return (.stored, []) }
            let matches: Bool
            if let size: Int64 = row["forward_size"], let checksum: Int64 = row["forward_checksum"] {
                matches = size == record.size && checksum == Int64(record.checksum)
            } else {
                matches = storedBody == body
            }
            let mark: String? = matches ? nil : forwardedBy + StoredMessage.confirmFailed
            try db.execute(
                sql: "UPDATE message SET forwarded_by = ? WHERE account_id = ? AND msgid = ?",
                arguments: [mark, accountID, confirmID])
            if mark == nil {
                let messageKey: Int64 = row["id"]
                for attachment in attachments {
                    guard let path = attachment.storedPath else { continue }
                    try db.execute(
                        sql: """
                            UPDATE attachment SET stored_path = ?1
                            WHERE message_id = ?2 AND position = (
                                SELECT min(position) FROM attachment
                                WHERE message_id = ?2 AND kind = ?3 AND name = ?4 AND size = ?5
                                    AND stored_path IS NULL)
                            """,
                        arguments: [path, messageKey, attachment.kind.rawValue, attachment.name, attachment.size])
                }
                if attachments.contains(where: { $0.kind != .upload && $0.storedPath != nil }) {
                    try Self.keepFormContents(db, messageKey: messageKey)
                }
            }
            return (.stored, [StoreChange(area: .threads, account: account, thread: threadID)])
        }
    }

    /// Queues a confirm post of each of our messages in `thread` to the members just added;
    /// returns whether any was queued. The caller holds the transaction.
    static func queueConfirmations(
        _ db: Database, accountID: Int64, account: String, thread: String, to added: [PostDatahead.CcEntry]
    ) throws -> Bool {
        guard let me = try Row.fetchOne(db, sql: "SELECT uid, alias FROM account WHERE id = ?", arguments: [accountID]),
            let uid: String = me["uid"]
        else { return false }
        let alias: String = me["alias"] ?? uid
        let recipients = added.filter { $0.whoUID != uid }.map {
            Recipient(alias: $0.who, uid: $0.whoUID, isGroup: $0.isGroup)
        }
        guard !recipients.isEmpty else { return false }
        let own = try Row.fetchAll(
            db,
            sql: """
                SELECT id, msgid, posted, subject, body, from_alias, datahead FROM message
                WHERE account_id = ? AND thread_id = ? AND from_uid = ? AND forwarded_by IS NULL ORDER BY id
                """,
            arguments: [accountID, thread, uid])
        var queued = false
        for row in own {
            let msgid: String = row["msgid"]
            let datahead: String? = row["datahead"]
            let subHead =
                datahead.flatMap { try? PostDatahead(decoding: Array($0.utf8)) }
                ?? PostDatahead(alias: row["from_alias"] ?? alias, subject: row["subject"])
            // Without every attachment's bytes the confirmation could not match; the copy then
            // stays unverified rather than be flagged.
            guard
                let bytes = try confirmationAttachments(
                    db, accountID: accountID, messageKey: row["id"], msgid: msgid, expected: subHead.attach)
            else { continue }
            let item = Outgoing.confirm(
                account: account, subHead: subHead, threadID: thread, msgid: msgid, posted: row["posted"],
                body: row["body"], attachments: bytes, to: recipients)
            try insertOutbox(db, item, accountID: accountID)
            queued = true
        }
        return queued
    }

    /// The bytes of each attachment of one of our messages, in its datahead's order: from the
    /// stored file when it still has the size sent, else from the post as it went out; nil when
    /// one cannot be found.
    static func confirmationAttachments(
        _ db: Database, accountID: Int64, messageKey: Int64, msgid: String, expected: [PostDatahead.AttachEntry]
    ) throws -> [[UInt8]]? {
        guard !expected.isEmpty else { return [] }
        let paths = try Row.fetchAll(
            db, sql: "SELECT stored_path, size FROM attachment WHERE message_id = ? ORDER BY position",
            arguments: [messageKey])
        var sent: PostData??
        var result: [[UInt8]] = []
        for (position, entry) in expected.enumerated() {
            if paths.indices.contains(position), let path: String = paths[position]["stored_path"],
                let data = FileManager.default.contents(atPath: path), Int64(data.count) == entry.size
            {
                result.append([UInt8](data))
                continue
            }
            if sent == nil { sent = .some(try StoreReader.sentPost(db, accountID: accountID, msgid: msgid)) }
            guard let post = sent ?? nil, post.attachments.indices.contains(position),
                Int64(post.attachments[position].bytes.count) == entry.size
            else { return nil }
            result.append(Array(post.attachments[position].bytes))
        }
        return result
    }

    /// On the ack of our own forward: the new members named in its note join the thread here,
    /// and our own messages in it are confirmed to them.
    static func applySentForward(_ db: Database, accountID: Int64, header: String, data: Data?) throws {
        guard case .postNotify(let notify)? = try? ClientMessage.decode(json: ArraySlice(header.utf8)),
            let data, notify.noteHead <= Int64(data.count)
        else { return }
        guard let note = try? PostDatahead(decoding: data.prefix(Int(notify.noteHead))), !note.threadID.isEmpty
        else { return }
        try addThreadMembers(db, accountID: accountID, thread: note.threadID, entries: note.cc)
        guard
            let account = try String.fetchOne(db, sql: "SELECT name FROM account WHERE id = ?", arguments: [accountID])
        else { return }
        _ = try queueConfirmations(db, accountID: accountID, account: account, thread: note.threadID, to: note.cc)
    }
}
