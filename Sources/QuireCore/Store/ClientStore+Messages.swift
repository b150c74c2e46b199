import Foundation
import GRDB
import TMTP

extension ClientStore {
    // MARK: - Receiving

    /// Stores a delivered post, with its thread, unread count, tags and search index, in one
    /// transaction. Safe to call again for a re-delivery: the message is stored once.
    /// Ack the server only after this returns.
    @discardableResult
    public func insertReceived(_ message: ReceivedMessage, account: String) async throws -> ReceiveOutcome {
        let outcomes = try await insertReceived([message], account: account)
        return outcomes.first ?? .duplicate
    }

    /// Stores a batch of delivered posts in one transaction (draining a backlog), each
    /// exactly as `insertReceived(_:account:)` would.
    public func insertReceived(_ messages: [ReceivedMessage], account: String) async throws -> [ReceiveOutcome] {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            let ownUID = try String.fetchOne(
                cached: db, sql: "SELECT uid FROM account WHERE id = ?", arguments: [accountID])
            var outcomes: [ReceiveOutcome] = []
            var changes: [StoreChange] = []
            for message in messages {
                let outcome = try Self.storeReceived(db, message, accountID: accountID, ownUID: ownUID)
                outcomes.append(outcome)
                if outcome == .stored {
                    changes.append(StoreChange(area: .threads, account: account, thread: message.effectiveThreadID))
                }
            }
            return (outcomes, changes)
        }
    }

    /// Records a server message id that needs no other storage (login, user, member ...) so
    /// its re-delivery is recognised. Returns false when the id was seen before.
    @discardableResult
    public func markSeen(account: String, serverID: String) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            return (try Self.recordSeen(db, accountID: accountID, serverID: serverID), [])
        }
    }

    static func recordSeen(_ db: Database, accountID: Int64, serverID: String) throws -> Bool {
        try db.executeCached(
            sql: "INSERT OR IGNORE INTO seen_id (account_id, id) VALUES (?, ?)", arguments: [accountID, serverID])
        return db.changesCount > 0
    }

    static func isBlocked(_ db: Database, accountID: Int64, uid: String) throws -> Bool {
        try Bool.fetchOne(
            cached: db,
            sql: "SELECT EXISTS (SELECT 1 FROM contact WHERE account_id = ? AND uid = ? AND blocked = 1)",
            arguments: [accountID, uid]
        ) ?? false
    }

    static func storeReceived(_ db: Database, _ message: ReceivedMessage, accountID: Int64, ownUID: String?)
        throws -> ReceiveOutcome
    {
        guard try recordSeen(db, accountID: accountID, serverID: message.msgid) else { return .duplicate }
        if try isBlocked(db, accountID: accountID, uid: message.fromUID) { return .blocked }
        // Our own post stored earlier from its ack, now delivered to this node by another one.
        let stored = try Bool.fetchOne(
            cached: db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE account_id = ? AND msgid = ?)",
            arguments: [accountID, message.msgid])
        if stored == true { return .duplicate }
        // The address book is trusted over the alias a sender writes into its datahead.
        let knownAlias = try String.fetchOne(
            cached: db, sql: "SELECT alias FROM contact WHERE account_id = ? AND uid = ? LIMIT 1",
            arguments: [accountID, message.fromUID])
        let isOwn = ownUID != nil && ownUID == message.fromUID
        try insertMessage(
            db,
            NewMessage(
                accountID: accountID,
                threadID: message.effectiveThreadID,
                msgid: message.msgid,
                fromUID: message.fromUID,
                fromAlias: knownAlias ?? message.alias ?? message.fromUID,
                posted: message.posted,
                subject: message.subject,
                body: message.body,
                dataheadJSON: message.dataheadJSON,
                recipients: message.recipients,
                attachments: message.attachments,
                state: isOwn ? .sent : .received,
                isRead: isOwn,
                forwardedBy: message.forwardedBy
            )
        )
        return .stored
    }

    /// The fields of a message row about to be written.
    struct NewMessage {
        var accountID: Int64
        var threadID: String
        var msgid: String
        var fromUID: String
        var fromAlias: String
        var posted: String
        var subject: String
        var body: String
        var dataheadJSON: String?
        var recipients: [Recipient]
        var attachments: [AttachmentInfo]
        var state: StoredMessage.State
        var isRead: Bool
        var forwardedBy: String? = nil
    }

    /// Writes a message with its Cc, attachments and hashtags, creating its thread (tagged
    /// Todo) when needed and updating the thread's counts. The caller holds the transaction.
    static func insertMessage(_ db: Database, _ message: NewMessage) throws {
        let key = try messageKey(db, posted: message.posted)
        let isRoot = message.msgid == message.threadID
        try db.executeCached(
            sql: """
                INSERT INTO thread (account_id, id, subject, last_activity) VALUES (?, ?, ?, ?)
                ON CONFLICT (account_id, id) DO NOTHING
                """,
            arguments: [message.accountID, message.threadID, message.subject, key]
        )
        if db.changesCount > 0 {
            try db.executeCached(
                sql: "INSERT OR IGNORE INTO thread_tag (account_id, thread_id, tag, created) VALUES (?, ?, ?, ?)",
                arguments: [message.accountID, message.threadID, todoTag, Date().timeIntervalSince1970]
            )
        }
        try db.executeCached(
            sql: """
                INSERT INTO message (id, account_id, thread_id, msgid, from_uid, from_alias, posted, subject, body,
                    datahead, recipients, state, is_read, forwarded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key, message.accountID, message.threadID, message.msgid, message.fromUID, message.fromAlias,
                message.posted, message.subject, message.body, message.dataheadJSON,
                message.recipients.map(\.alias).joined(separator: " "), message.state.rawValue, message.isRead,
                message.forwardedBy,
            ]
        )
        for (position, recipient) in message.recipients.enumerated() {
            try db.executeCached(
                sql: "INSERT INTO message_cc (message_id, position, alias, uid, is_group) VALUES (?, ?, ?, ?, ?)",
                arguments: [key, position, recipient.alias, recipient.uid, recipient.isGroup]
            )
        }
        for (position, attachment) in message.attachments.enumerated() {
            try db.executeCached(
                sql: """
                    INSERT INTO attachment (message_id, position, name, kind, size, ffn, stored_path)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, position, attachment.name, attachment.kind.rawValue, attachment.size, attachment.ffn,
                    attachment.storedPath,
                ]
            )
        }
        for tag in Hashtags.extract(from: message.body) {
            try db.executeCached(
                sql: "INSERT OR IGNORE INTO message_hashtag (message_id, tag) VALUES (?, ?)", arguments: [key, tag])
        }
        let hasForms = message.attachments.contains { $0.kind != .upload }
        if hasForms { try keepFormContents(db, messageKey: key) }
        try db.executeCached(
            sql: """
                UPDATE thread SET
                    message_count = message_count + 1,
                    unread_count = unread_count + ?,
                    last_activity = max(last_activity, ?),
                    has_attachments = has_attachments OR ?,
                    has_forms = has_forms OR ?,
                    subject = CASE WHEN ? AND ? <> '' THEN ? ELSE subject END
                WHERE account_id = ? AND id = ?
                """,
            arguments: [
                message.isRead ? 0 : 1, key, !message.attachments.isEmpty, hasForms,
                isRoot, message.subject, message.subject, message.accountID, message.threadID,
            ]
        )
    }

    /// The message's key: its posted time in microseconds, moved up past any message already
    /// holding that value. Posted times have millisecond precision, leaving 1000 keys per tick.
    private static func messageKey(_ db: Database, posted: String) throws -> Int64 {
        let micros = PostedTime.microseconds(posted) ?? Int64(Date().timeIntervalSince1970 * 1_000_000)
        let base = micros - micros % 1000
        var key =
            try Int64.fetchOne(
                cached: db, sql: "SELECT max(id) + 1 FROM message WHERE id >= ? AND id < ?",
                arguments: [base, base + 1000])
            ?? base
        while try Bool.fetchOne(cached: db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE id = ?)", arguments: [key])
            == true
        {
            key += 1
        }
        return key
    }

    /// Records where a received attachment's bytes were saved. A message may carry a blank form
    /// and its answers under one name, so the kind picks the attachment too.
    public func setAttachmentPath(
        _ path: String, account: String, msgid: String, kind: AttachmentInfo.Kind, attachment name: String
    ) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, thread_id FROM message WHERE account_id = ? AND msgid = ?",
                    arguments: [accountID, msgid])
            else { throw ClientStoreError.unknownMessage(account: account, msgid: msgid) }
            let messageID: Int64 = row["id"]
            let threadID: String = row["thread_id"]
            try db.executeCached(
                sql: "UPDATE attachment SET stored_path = ? WHERE message_id = ? AND kind = ? AND name = ?",
                arguments: [path, messageID, kind.rawValue, name]
            )
            if kind != .upload { try Self.keepFormContents(db, messageKey: messageID) }
            return ((), [StoreChange(area: .threads, account: account, thread: threadID)])
        }
    }

    // MARK: - Read state

    /// Marks every message of a thread read, or (with `false`) its newest message unread.
    public func setThreadRead(_ read: Bool, account: String, thread: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try Self.requireThread(db, accountID: accountID, account: account, thread: thread)
            if read {
                try db.executeCached(
                    sql: "UPDATE message SET is_read = 1 WHERE account_id = ? AND thread_id = ? AND is_read = 0",
                    arguments: [accountID, thread])
            } else {
                try db.executeCached(
                    sql: """
                        UPDATE message SET is_read = 0 WHERE id =
                            (SELECT max(id) FROM message WHERE account_id = ? AND thread_id = ?)
                        """,
                    arguments: [accountID, thread])
            }
            try Self.recountUnread(db, accountID: accountID, thread: thread)
            return ((), [StoreChange(area: .threads, account: account, thread: thread)])
        }
    }

    /// Marks one message read or unread.
    public func setMessageRead(_ read: Bool, account: String, msgid: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            guard
                let thread = try String.fetchOne(
                    cached: db, sql: "SELECT thread_id FROM message WHERE account_id = ? AND msgid = ?",
                    arguments: [accountID, msgid])
            else { throw ClientStoreError.unknownMessage(account: account, msgid: msgid) }
            try db.executeCached(
                sql: "UPDATE message SET is_read = ? WHERE account_id = ? AND msgid = ?",
                arguments: [read, accountID, msgid])
            try Self.recountUnread(db, accountID: accountID, thread: thread)
            return ((), [StoreChange(area: .threads, account: account, thread: thread)])
        }
    }

    static func recountUnread(_ db: Database, accountID: Int64, thread: String) throws {
        try db.executeCached(
            sql: """
                UPDATE thread SET unread_count =
                    (SELECT count(*) FROM message WHERE account_id = ?1 AND thread_id = ?2 AND is_read = 0)
                WHERE account_id = ?1 AND id = ?2
                """,
            arguments: [accountID, thread])
    }

    static func requireThread(_ db: Database, accountID: Int64, account: String, thread: String) throws {
        let exists = try Bool.fetchOne(
            cached: db, sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE account_id = ? AND id = ?)",
            arguments: [accountID, thread])
        if exists != true { throw ClientStoreError.unknownThread(account: account, thread: thread) }
    }

    // MARK: - Reading

    /// Threads newest activity first, filtered and paged by `query`.
    public nonisolated func threads(_ query: ThreadQuery = ThreadQuery()) async throws -> [ThreadSummary] {
        try await read { db in try StoreReader.threads(db, query) }
    }

    /// How many threads the view of `query` holds; its limit and offset are ignored.
    public nonisolated func threadCount(_ query: ThreadQuery = ThreadQuery()) async throws -> Int {
        try await read { db in try StoreReader.threadCount(db, query) }
    }

    /// One thread's summary, or nil.
    public nonisolated func thread(account: String, id: String) async throws -> ThreadSummary? {
        try await read { db in try StoreReader.thread(db, account: account, id: id) }
    }

    /// The messages of a thread, oldest first.
    public nonisolated func messages(account: String, thread: String) async throws -> [StoredMessage] {
        try await read { db in try StoreReader.messages(db, account: account, thread: thread) }
    }

    /// One message by msgid, or nil.
    public nonisolated func message(account: String, msgid: String) async throws -> StoredMessage? {
        try await read { db in try StoreReader.message(db, account: account, msgid: msgid) }
    }

    /// Unread threads and messages of every account (zero counts included).
    public nonisolated func unreadCounts() async throws -> [UnreadCount] {
        try await read { db in try StoreReader.unreadCounts(db) }
    }

    /// Reads the counts the writes keep (`account_unread`), one row an account, so `quire check`
    /// and the first paint cost the same at a million messages as at ten.
    static let unreadCountsSQL = """
        SELECT a.name, coalesce(u.threads, 0) AS threads, coalesce(u.messages, 0) AS messages
        FROM account a LEFT JOIN account_unread u ON u.account_id = a.id
        ORDER BY a.id
        """

    /// The same counts found from the threads themselves, to check the kept ones against.
    static let unreadCountsFromThreadsSQL = """
        SELECT a.name, count(t.unread_count) AS threads, coalesce(sum(t.unread_count), 0) AS messages
        FROM account a LEFT JOIN thread t ON t.account_id = a.id AND t.unread_count > 0
        GROUP BY a.id ORDER BY a.id
        """

    /// The columns of a ``ThreadSummary`` for the threads `t` of `source`.
    static func threadSummarySelect(from source: String) -> String {
        """
        SELECT a.name AS account, t.id, t.subject, t.last_activity, t.unread_count, t.message_count,
            t.has_attachments, t.has_forms,
            COALESCE(
                (SELECT from_alias FROM message WHERE account_id = t.account_id AND msgid = t.id),
                (SELECT from_alias FROM message WHERE account_id = t.account_id AND thread_id = t.id
                 ORDER BY id LIMIT 1),
                '') AS starter_alias,
            (SELECT group_concat(tag, char(31)) FROM
                (SELECT tag FROM thread_tag WHERE account_id = t.account_id AND thread_id = t.id ORDER BY tag)) AS tags,
            (SELECT group_concat(tag, char(31)) FROM
                (SELECT DISTINCT h.tag FROM message m JOIN message_hashtag h ON h.message_id = m.id
                 WHERE m.account_id = t.account_id AND m.thread_id = t.id ORDER BY h.tag)) AS hashtags
        FROM \(source) JOIN account a ON a.id = t.account_id
        """
    }

    static func threadSummary(from row: Row) -> ThreadSummary {
        func list(_ text: String?) -> [String] {
            text.map { $0.split(separator: "\u{1F}").map(String.init) } ?? []
        }
        let lastActivity: Int64 = row["last_activity"]
        return ThreadSummary(
            account: row["account"],
            id: row["id"],
            subject: row["subject"],
            starterAlias: row["starter_alias"],
            lastActivity: Date(timeIntervalSince1970: TimeInterval(lastActivity) / 1_000_000),
            unreadCount: row["unread_count"],
            messageCount: row["message_count"],
            hasAttachments: row["has_attachments"],
            hasForms: row["has_forms"],
            tags: list(row["tags"]),
            hashtags: list(row["hashtags"])
        )
    }

    static func storedMessage(_ db: Database, row: Row, account: String) throws -> StoredMessage {
        let key: Int64 = row["id"]
        let recipients = try Row.fetchAll(
            db, sql: "SELECT alias, uid, is_group FROM message_cc WHERE message_id = ? ORDER BY position",
            arguments: [key]
        ).map { Recipient(alias: $0["alias"], uid: $0["uid"], isGroup: $0["is_group"]) }
        let attachments = try Row.fetchAll(
            db, sql: "SELECT * FROM attachment WHERE message_id = ? ORDER BY position", arguments: [key]
        ).map { attachmentRow in
            let kindText: String = attachmentRow["kind"]
            guard let kind = AttachmentInfo.Kind(rawValue: kindText) else {
                throw ClientStoreError.corrupt("attachment kind \(kindText)")
            }
            return AttachmentInfo(
                name: attachmentRow["name"], kind: kind, size: attachmentRow["size"], ffn: attachmentRow["ffn"],
                storedPath: attachmentRow["stored_path"])
        }
        let hashtags = try String.fetchAll(
            db, sql: "SELECT tag FROM message_hashtag WHERE message_id = ? ORDER BY tag", arguments: [key])
        let stateText: String = row["state"]
        guard let state = StoredMessage.State(rawValue: stateText) else {
            throw ClientStoreError.corrupt("message state \(stateText)")
        }
        return StoredMessage(
            account: account,
            threadID: row["thread_id"],
            msgid: row["msgid"],
            fromUID: row["from_uid"],
            fromAlias: row["from_alias"],
            posted: row["posted"],
            subject: row["subject"],
            body: row["body"],
            dataheadJSON: row["datahead"],
            recipients: recipients,
            attachments: attachments,
            hashtags: hashtags,
            state: state,
            isRead: row["is_read"],
            forwardedBy: row["forwarded_by"]
        )
    }
}
