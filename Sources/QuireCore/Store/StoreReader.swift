import Foundation
import GRDB

/// A synchronous, read-only view of the store, for the terminal client's UI thread.
///
/// GRDB reads a `DatabasePool` from any thread, each read on a consistent snapshot and in
/// parallel with writes, so a screen reads what it shows without a task, a semaphore or an
/// actor hop. Writes stay on ``ClientStore``, whose change stream says when to read again.
/// Each query has one implementation here; the store's async reads run the same functions.
public struct StoreReader: Sendable {
    let pool: any DatabaseReader

    init(pool: any DatabaseReader) {
        self.pool = pool
    }

    /// Every account, in the order they were added.
    public func accounts() throws -> [Account] {
        try pool.read { db in try Self.accounts(db) }
    }

    static func accounts(_ db: Database) throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY id").map(ClientStore.account(from:))
    }

    public func account(named name: String) throws -> Account? {
        try pool.read { db in try Self.account(db, named: name) }
    }

    static func account(_ db: Database, named name: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map(
            ClientStore.account(from:))
    }

    /// The contacts of an account, by alias.
    public func contacts(account: String) throws -> [Contact] {
        try pool.read { db in try Self.contacts(db, account: account) }
    }

    static func contacts(_ db: Database, account: String) throws -> [Contact] {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM contact WHERE account_id = ? ORDER BY alias", arguments: [accountID]
        ).map { try ClientStore.contact(from: $0, account: account) }
    }

    public func groups(account: String) throws -> [ContactGroup] {
        try pool.read { db in try Self.groups(db, account: account) }
    }

    static func groups(_ db: Database, account: String) throws -> [ContactGroup] {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM contact_group WHERE account_id = ? ORDER BY gid", arguments: [accountID]
        ).map {
            ContactGroup(
                account: account, gid: $0["gid"], myAlias: $0["my_alias"], isOwner: $0["is_owner"],
                created: Date(timeIntervalSince1970: $0["created"]))
        }
    }

    /// The members of a group, by alias.
    public func members(account: String, gid: String) throws -> [GroupMember] {
        try pool.read { db in try Self.members(db, account: account, gid: gid) }
    }

    static func members(_ db: Database, account: String, gid: String) throws -> [GroupMember] {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM group_member WHERE account_id = ? AND gid = ? ORDER BY alias",
            arguments: [accountID, gid]
        ).map { row in
            let statusText: String = row["status"]
            guard let status = GroupMember.Status(rawValue: statusText) else {
                throw ClientStoreError.corrupt("member status \(statusText)")
            }
            return GroupMember(account: account, gid: gid, alias: row["alias"], uid: row["uid"], status: status)
        }
    }

    /// Notices, oldest first, of one account or all, optionally only those in one state.
    public func notices(account: String? = nil, state: Notice.State? = nil) throws -> [Notice] {
        try pool.read { db in try Self.notices(db, account: account, state: state) }
    }

    static func notices(_ db: Database, account: String? = nil, state: Notice.State? = nil) throws -> [Notice] {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible] = []
        if let account {
            conditions.append("n.account_id = ?")
            arguments.append(try ClientStore.accountID(db, account))
        }
        if let state {
            conditions.append("n.state = ?")
            arguments.append(state.rawValue)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db,
            sql:
                "SELECT n.*, a.name AS account FROM notice n JOIN account a ON a.id = n.account_id \(whereClause) ORDER BY n.id",
            arguments: StatementArguments(arguments)
        ).map(ClientStore.notice(from:))
    }

    /// The tags used in an account (private tags and hashtags, merged case-insensitively),
    /// sorted by name.
    public func tags(account: String) throws -> [TagUsage] {
        try pool.read { db in try Self.tags(db, account: account) }
    }

    static func tags(_ db: Database, account: String) throws -> [TagUsage] {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchAll(
            db,
            sql: """
                SELECT min(tag) AS name, count(DISTINCT thread_id) AS threads FROM (
                    SELECT tag COLLATE NOCASE AS tag, thread_id FROM thread_tag WHERE account_id = ?1
                    UNION ALL
                    SELECT h.tag COLLATE NOCASE, m.thread_id FROM message_hashtag h
                        JOIN message m ON m.id = h.message_id WHERE m.account_id = ?1
                ) GROUP BY tag COLLATE NOCASE ORDER BY tag COLLATE NOCASE
                """,
            arguments: [accountID]
        ).map { TagUsage(name: $0["name"], threadCount: $0["threads"]) }
    }

    /// How many rows wait to be sent.
    public func queuedOutboxCount(account: String) throws -> Int {
        try pool.read { db in try Self.queuedOutboxCount(db, account: account) }
    }

    static func queuedOutboxCount(_ db: Database, account: String) throws -> Int {
        let accountID = try ClientStore.accountID(db, account)
        return try Int.fetchOne(
            db, sql: "SELECT count(*) FROM outbox WHERE account_id = ? AND state = 'queued'",
            arguments: [accountID]) ?? 0
    }

    /// Threads newest activity first, filtered and paged by `query`.
    public func threads(_ query: ThreadQuery = ThreadQuery()) throws -> [ThreadSummary] {
        try pool.read { db in try Self.threads(db, query) }
    }

    static func threads(_ db: Database, _ query: ThreadQuery = ThreadQuery()) throws -> [ThreadSummary] {
        let accountID = try query.account.map { try ClientStore.accountID(db, $0) }
        let statement = ThreadPageStatement(query: query, accountID: accountID)
        return try Row.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
            .map(ClientStore.threadSummary(from:))
    }

    /// How many threads the view of `query` holds; its limit and offset are ignored.
    public func threadCount(_ query: ThreadQuery = ThreadQuery()) throws -> Int {
        try pool.read { db in try Self.threadCount(db, query) }
    }

    static func threadCount(_ db: Database, _ query: ThreadQuery = ThreadQuery()) throws -> Int {
        let accountID = try query.account.map { try ClientStore.accountID(db, $0) }
        let statement = ThreadPageStatement.count(query, accountID: accountID)
        return try Int.fetchOne(db, sql: statement.sql, arguments: statement.arguments) ?? 0
    }

    /// One thread's summary, or nil.
    public func thread(account: String, id: String) throws -> ThreadSummary? {
        try pool.read { db in try Self.thread(db, account: account, id: id) }
    }

    static func thread(_ db: Database, account: String, id: String) throws -> ThreadSummary? {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchOne(
            db, sql: "\(ClientStore.threadSummarySelect(from: "thread t")) WHERE t.account_id = ? AND t.id = ?",
            arguments: [accountID, id]
        ).map(ClientStore.threadSummary(from:))
    }

    /// The messages of a thread, oldest first.
    public func messages(account: String, thread: String) throws -> [StoredMessage] {
        try pool.read { db in try Self.messages(db, account: account, thread: thread) }
    }

    static func messages(_ db: Database, account: String, thread: String) throws -> [StoredMessage] {
        let accountID = try ClientStore.accountID(db, account)
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM message WHERE account_id = ? AND thread_id = ? ORDER BY id",
            arguments: [accountID, thread])
        return try rows.map { try ClientStore.storedMessage(db, row: $0, account: account) }
    }

    /// One message by msgid, or nil.
    public func message(account: String, msgid: String) throws -> StoredMessage? {
        try pool.read { db in try Self.message(db, account: account, msgid: msgid) }
    }

    static func message(_ db: Database, account: String, msgid: String) throws -> StoredMessage? {
        let accountID = try ClientStore.accountID(db, account)
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM message WHERE account_id = ? AND msgid = ?", arguments: [accountID, msgid])
        else { return nil }
        return try ClientStore.storedMessage(db, row: row, account: account)
    }

    /// Unread threads and messages of every account (zero counts included).
    public func unreadCounts() throws -> [UnreadCount] {
        try pool.read { db in try Self.unreadCounts(db) }
    }

    static func unreadCounts(_ db: Database) throws -> [UnreadCount] {
        try Row.fetchAll(db, sql: ClientStore.unreadCountsSQL).map {
            UnreadCount(account: $0["name"], unreadThreads: $0["threads"], unreadMessages: $0["messages"])
        }
    }

    /// A saved draft, to resume writing it.
    public func draft(account: String, id: String) throws -> Draft? {
        try pool.read { db in try Self.draft(db, account: account, id: id) }
    }

    static func draft(_ db: Database, account: String, id: String) throws -> Draft? {
        let accountID = try ClientStore.accountID(db, account)
        return try Row.fetchOne(
            db, sql: "SELECT * FROM draft WHERE account_id = ? AND id = ?", arguments: [accountID, id]
        ).map { try ClientStore.draft(from: $0, account: account) }
    }

    /// The drafts of an account, most recently saved first; only those replying to `thread` when given.
    public func drafts(account: String, thread: String? = nil) throws -> [Draft] {
        try pool.read { db in try Self.drafts(db, account: account, thread: thread) }
    }

    static func drafts(_ db: Database, account: String, thread: String? = nil) throws -> [Draft] {
        let accountID = try ClientStore.accountID(db, account)
        let rows: [Row]
        if let thread {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM draft WHERE account_id = ? AND thread_id = ? ORDER BY updated DESC",
                arguments: [accountID, thread])
        } else {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM draft WHERE account_id = ? ORDER BY updated DESC", arguments: [accountID])
        }
        return try rows.map { try ClientStore.draft(from: $0, account: account) }
    }

    /// Drafts the composer autosaved and the user never saved, sent or discarded: what a closed
    /// window or a killed process left behind, most recent first, of every account.
    public func recoveredDrafts() throws -> [Draft] {
        try pool.read { db in try Self.recoveredDrafts(db) }
    }

    static func recoveredDrafts(_ db: Database) throws -> [Draft] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT draft.*, account.name AS account_name FROM draft
                JOIN account ON account.id = draft.account_id
                WHERE draft.recovery = 1 ORDER BY draft.updated DESC
                """
        ).map { try ClientStore.draft(from: $0, account: $0["account_name"]) }
    }

    /// Messages matching `query`, newest first, a page at a time (see ``ClientStore/search(_:limit:after:timeZone:)``).
    public func search(
        _ query: SearchQuery, limit: Int = 50, after cursor: SearchCursor? = nil, timeZone: TimeZone = .current
    ) throws -> SearchPage {
        try pool.read { db in try Self.search(db, query, limit: limit, after: cursor, timeZone: timeZone) }
    }

    static func search(
        _ db: Database, _ query: SearchQuery, limit: Int, after cursor: SearchCursor?, timeZone: TimeZone
    ) throws -> SearchPage {
        let statement = SearchStatement(query: query, before: cursor?.key, limit: max(1, limit), timeZone: timeZone)
        var hits: [SearchHit] = []
        var lastKey: Int64?
        let rows = try Row.fetchCursor(db, sql: statement.sql, arguments: statement.arguments)
        while let row = try rows.next() {
            lastKey = row[0]
            hits.append(
                SearchHit(
                    account: row["name"], threadID: row["thread_id"], msgid: row["msgid"],
                    fromUID: row["from_uid"], fromAlias: row["from_alias"], posted: row["posted"],
                    subject: row["subject"], isRead: row["is_read"]))
        }
        let next = hits.count == max(1, limit) ? lastKey.map(SearchCursor.init(key:)) : nil
        return SearchPage(hits: hits, next: next)
    }
}
