import Foundation
import GRDB

extension ClientStore {
    /// Makes an outgoing op durable before any attempt to send it. Its id must be new in the account.
    public func enqueue(_ item: OutboxItem) async throws {
        try await write { db in
            try Self.insertOutbox(db, item, accountID: try Self.accountID(db, item.account))
            return ((), [StoreChange(area: .outbox, account: item.account)])
        }
    }

    /// Counts one more send attempt (the sender calls it before writing the op to the link).
    public func recordAttempt(account: String, id: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.executeCached(
                sql: "UPDATE outbox SET attempts = attempts + 1 WHERE account_id = ? AND id = ?",
                arguments: [accountID, id])
            guard db.changesCount > 0 else { throw ClientStoreError.unknownOutboxItem(account: account, id: id) }
            return ((), [StoreChange(area: .outbox, account: account)])
        }
    }

    /// Applies a successful ack in one transaction: the row becomes `sent` with the ack's
    /// msgid and posted; a post is stored as a sent message of its thread (a new thread takes
    /// the msgid as its id) and its draft is deleted. Returns false when the row was already
    /// sent, so a repeated ack changes nothing.
    @discardableResult
    public func markSent(account: String, id: String, msgid: String?, posted: String?) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT state, kind, header, data, draft_id, post FROM outbox WHERE account_id = ? AND id = ?",
                    arguments: [accountID, id])
            else { throw ClientStoreError.unknownOutboxItem(account: account, id: id) }
            let state: String = row["state"]
            if state == OutboxItem.State.sent.rawValue { return (false, []) }
            try db.executeCached(
                sql: """
                    UPDATE outbox SET state = 'sent', msgid = ?, posted = ?, error = NULL
                    WHERE account_id = ? AND id = ?
                    """,
                arguments: [msgid, posted, accountID, id])
            var changes = [StoreChange(area: .outbox, account: account)]
            let kind: String = row["kind"]
            if kind == OutboxItem.Kind.postNotify.rawValue {
                try Self.applySentForward(db, accountID: accountID, header: row["header"], data: row["data"])
            }
            if let postJSON: String = row["post"], let msgid, let posted {
                let post = try Self.decodeJSON(OutgoingPost.self, postJSON)
                let threadID = post.threadID ?? msgid
                let stored = try Bool.fetchOne(
                    cached: db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE account_id = ? AND msgid = ?)",
                    arguments: [accountID, msgid])
                if stored != true {
                    let me = try Row.fetchOne(
                        db, sql: "SELECT uid, alias FROM account WHERE id = ?", arguments: [accountID])
                    let uid: String = me?["uid"] ?? ""
                    let alias: String = me?["alias"] ?? uid
                    try Self.insertMessage(
                        db,
                        NewMessage(
                            accountID: accountID, threadID: threadID, msgid: msgid, fromUID: uid, fromAlias: alias,
                            posted: posted, subject: post.subject, body: post.body, dataheadJSON: post.dataheadJSON,
                            recipients: post.recipients, attachments: post.attachments, state: .sent, isRead: true))
                    _ = try Self.recordSeen(db, accountID: accountID, serverID: msgid)
                }
                changes.append(StoreChange(area: .threads, account: account, thread: threadID))
            }
            if let draftID: String = row["draft_id"] {
                try db.executeCached(
                    sql: "DELETE FROM draft WHERE account_id = ? AND id = ?", arguments: [accountID, draftID])
                changes.append(StoreChange(area: .drafts, account: account))
            }
            return (true, changes)
        }
    }

    /// Applies an ack that carried an error: the row becomes `failed` with the reason, for the
    /// user to see; its draft is kept so it can be corrected and sent again.
    public func markFailed(account: String, id: String, reason: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.executeCached(
                sql:
                    "UPDATE outbox SET state = 'failed', error = ? WHERE account_id = ? AND id = ? AND state <> 'sent'",
                arguments: [reason, accountID, id])
            guard db.changesCount > 0 else { throw ClientStoreError.unknownOutboxItem(account: account, id: id) }
            return ((), [StoreChange(area: .outbox, account: account)])
        }
    }

    /// Puts a failed row back in the queue.
    public func retry(account: String, id: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.executeCached(
                sql:
                    "UPDATE outbox SET state = 'queued', error = NULL WHERE account_id = ? AND id = ? AND state = 'failed'",
                arguments: [accountID, id])
            guard db.changesCount > 0 else { throw ClientStoreError.unknownOutboxItem(account: account, id: id) }
            return ((), [StoreChange(area: .outbox, account: account)])
        }
    }

    /// Queued rows of an account, first enqueued first: what the sender must (re)send.
    public nonisolated func pendingOutbox(account: String) async throws -> [OutboxItem] {
        try await outboxItems(account: account, states: [.queued])
    }

    /// The first queued row, the one the sender takes next; reading one row keeps a long outbox cheap.
    public nonisolated func nextQueuedOutboxItem(account: String) async throws -> OutboxItem? {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try Row.fetchOne(
                db, sql: "SELECT * FROM outbox WHERE account_id = ? AND state = 'queued' ORDER BY rowid LIMIT 1",
                arguments: [accountID]
            ).map { try Self.outboxItem(from: $0, account: account) }
        }
    }

    /// How many rows wait to be sent.
    public nonisolated func queuedOutboxCount(account: String) async throws -> Int {
        try await read { db in try StoreReader.queuedOutboxCount(db, account: account) }
    }

    /// Rows of an account in the given states, first enqueued first.
    public nonisolated func outboxItems(account: String, states: Set<OutboxItem.State>) async throws -> [OutboxItem] {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            let stateList = states.map(\.rawValue).sorted()
            let placeholders = Array(repeating: "?", count: stateList.count).joined(separator: ", ")
            guard !stateList.isEmpty else { return [] }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE account_id = ? AND state IN (\(placeholders)) ORDER BY rowid",
                arguments: StatementArguments([accountID] + stateList)
            ).map { try Self.outboxItem(from: $0, account: account) }
        }
    }

    /// One row by its TMTP id, or nil.
    public nonisolated func outboxItem(account: String, id: String) async throws -> OutboxItem? {
        try await read { db in
            let accountID = try Self.accountID(db, account)
            return try Row.fetchOne(
                db, sql: "SELECT * FROM outbox WHERE account_id = ? AND id = ?", arguments: [accountID, id]
            ).map { try Self.outboxItem(from: $0, account: account) }
        }
    }

    private static func outboxItem(from row: Row, account: String) throws -> OutboxItem {
        let kindText: String = row["kind"]
        let stateText: String = row["state"]
        guard let kind = OutboxItem.Kind(rawValue: kindText), let state = OutboxItem.State(rawValue: stateText) else {
            throw ClientStoreError.corrupt("outbox kind \(kindText) state \(stateText)")
        }
        let payload: OutboxItem.Payload
        if let data: Data = row["data"] {
            payload = .inline(data)
        } else if let path: String = row["data_path"] {
            payload = .file(path: path)
        } else {
            payload = .none
        }
        let postJSON: String? = row["post"]
        var item = OutboxItem(
            id: row["id"],
            account: account,
            kind: kind,
            headerJSON: row["header"],
            payload: payload,
            draftID: row["draft_id"],
            post: try postJSON.map { try decodeJSON(OutgoingPost.self, $0) },
            created: Date(timeIntervalSince1970: row["created"])
        )
        item.state = state
        item.msgid = row["msgid"]
        item.posted = row["posted"]
        item.error = row["error"]
        item.attempts = row["attempts"]
        return item
    }
}
