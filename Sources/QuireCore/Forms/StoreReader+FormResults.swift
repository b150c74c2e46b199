import Foundation
import GRDB
import TMTP

extension StoreReader {
    /// The results table of a form family in one account: every filled form sent or received
    /// for it, from the answers the store kept when each arrived (table `form_content`), in one
    /// query that opens no files.
    public func formResults(account: String, family: String, library: FormLibrary? = nil) throws
        -> FormResultsTable
    {
        let forms = library?.revisions(family: family).filter { !$0.isSpec }.compactMap { try? library?.entry($0) }
        let libraryFFN = library?.ffn(family: family)
        let ffns = FormResultsTable.familyFFNs(family, libraryFFN: libraryFFN, libraryForms: forms ?? [])
        let (blanks, rows) = try pool.read { db in
            try Self.keptForms(db, account: account, family: family, ffns: ffns)
        }
        return FormResultsTable.build(
            family: family, ffns: ffns, libraryForms: forms ?? [], blanks: blanks, rows: rows)
    }

    /// The family's blank forms and filled-form rows as kept, oldest message first.
    static func keptForms(_ db: Database, account: String, family: String, ffns: Set<String>) throws
        -> (blanks: [(name: String, bytes: Data)], rows: [FormResultRow])
    {
        let accountID = try ClientStore.accountID(db, account)
        let ffnList = Array(ffns)
        let marks = Array(repeating: "?", count: ffnList.count).joined(separator: ", ")
        // Columns by index: this runs once a row of a table that may hold tens of thousands.
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.thread_id, m.msgid, m.from_uid, m.from_alias, m.posted, m.state, a.position, a.name, a.kind,
                    a.size, a.ffn, a.stored_path, f.state, f.content, f.problem
                FROM form_content f
                JOIN message m ON m.id = f.message_id
                JOIN attachment a ON a.message_id = f.message_id AND a.position = f.position
                WHERE f.account_id = ? AND (f.family = ? OR f.ffn IN (\(marks)))
                ORDER BY f.message_id, f.position
                """,
            arguments: StatementArguments([accountID, family] as [any DatabaseValueConvertible] + ffnList))
        var blanks: [(name: String, bytes: Data)] = []
        var rows: [FormResultRow] = []
        var sentPosts: [String: PostData?] = [:]
        while let row = try cursor.next() {
            guard let kind = AttachmentInfo.Kind(rawValue: row[8]) else { continue }
            let record = FormAttachmentRecord(
                account: account, threadID: row[0], msgid: row[1], fromAlias: row[3], fromUID: row[2],
                posted: row[4],
                attachment: AttachmentInfo(name: row[7], kind: kind, size: row[9], ffn: row[10], storedPath: row[11]),
                bytes: nil)
            var content = FormContent(state: row[12], content: row[13], problem: row[14])
            if content == .missing, record.attachment.storedPath != nil {
                // Kept before its file was readable: look once more, as a table read from files would.
                let bytes = try formBytes(
                    db, accountID: accountID, msgid: record.msgid, sent: row[5] == StoredMessage.State.sent.rawValue,
                    position: row[6], attachment: record.attachment, sentPosts: &sentPosts)
                content = FormContent(kind: kind, bytes: bytes)
            }
            switch (kind, content) {
            case (.form, .blank(let bytes)): blanks.append((record.attachment.name, bytes))
            case (.formResult, _): rows.append(FormResultRow(record, content: content))
            default: continue
            }
        }
        return (blanks, rows)
    }

    /// Every blank and filled form attachment of an account, oldest message first, with its bytes
    /// read from its file (or, for one we sent whose file moved, from the post as it went out).
    public func formAttachments(account: String) throws -> [FormAttachmentRecord] {
        try pool.read { db in try Self.formAttachments(db, account: account) }
    }

    static func formAttachments(_ db: Database, account: String) throws -> [FormAttachmentRecord] {
        let accountID = try ClientStore.accountID(db, account)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.thread_id, m.msgid, m.from_uid, m.from_alias, m.posted, m.state, a.position, a.name, a.kind,
                    a.size, a.ffn, a.stored_path
                FROM attachment a JOIN message m ON m.id = a.message_id
                WHERE m.account_id = ? AND a.kind IN ('f', 'r') ORDER BY m.id, a.position
                """,
            arguments: [accountID])
        var sentPosts: [String: PostData?] = [:]
        return try rows.compactMap { row in
            guard let kind = AttachmentInfo.Kind(rawValue: row["kind"]) else { return nil }
            let attachment = AttachmentInfo(
                name: row["name"], kind: kind, size: row["size"], ffn: row["ffn"], storedPath: row["stored_path"])
            let msgid: String = row["msgid"]
            let state: String = row["state"]
            let bytes = try formBytes(
                db, accountID: accountID, msgid: msgid, sent: state == StoredMessage.State.sent.rawValue,
                position: row["position"], attachment: attachment, sentPosts: &sentPosts)
            return FormAttachmentRecord(
                account: account, threadID: row["thread_id"], msgid: msgid, fromAlias: row["from_alias"],
                fromUID: row["from_uid"], posted: row["posted"], attachment: attachment, bytes: bytes)
        }
    }

    /// The bytes of a form attachment: its file's, or for one we sent whose file has changed
    /// size or moved since, the post as it went out (taken from the outbox once a message, in
    /// `sentPosts`); nil when neither has them.
    static func formBytes(
        _ db: Database, accountID: Int64, msgid: String, sent: Bool, position: Int, attachment: AttachmentInfo,
        sentPosts: inout [String: PostData?]
    ) throws -> Data? {
        let bytes = attachment.storedPath.flatMap(SmallFile.contents(atPath:))
        guard sent, bytes.map({ Int64($0.count) != attachment.size }) ?? true else { return bytes }
        if sentPosts[msgid] == nil {
            sentPosts[msgid] = try sentPost(db, accountID: accountID, msgid: msgid)
        }
        guard let post = sentPosts[msgid] ?? nil, post.attachments.indices.contains(position) else { return bytes }
        return Data(post.attachments[position].bytes)
    }

    /// The data of a post we sent, as it went out, taken apart; nil when the outbox no longer has it.
    static func sentPost(_ db: Database, accountID: Int64, msgid: String) throws -> PostData? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT header, data FROM outbox WHERE account_id = ? AND msgid = ? AND kind = 'post' LIMIT 1",
                arguments: [accountID, msgid]),
            let data = row["data"] as Data?,
            case .post(let post)? = try? ClientMessage.decode(json: ArraySlice((row["header"] as String).utf8))
        else { return nil }
        return try? PostData(data: [UInt8](data), dataheadLength: post.dataHead)
    }
}
