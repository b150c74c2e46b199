import Foundation
import GRDB
import TMTP

extension StoreReader {
    /// The results table of a form family in one account: every filled form sent or received
    /// for it (see ``FormResultsTable/build(family:libraryFFN:libraryForms:records:)``).
    public func formResults(account: String, family: String, library: FormLibrary? = nil) throws
        -> FormResultsTable
    {
        let forms = library?.revisions(family: family).filter { !$0.isSpec }.compactMap { try? library?.entry($0) }
        return FormResultsTable.build(
            family: family, libraryFFN: library?.ffn(family: family), libraryForms: forms ?? [],
            records: try formAttachments(account: account))
    }

    /// Every blank and filled form attachment of an account, oldest message first, with its bytes.
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
        var sentData: [String: PostData?] = [:]
        return try rows.compactMap { row in
            guard let kind = AttachmentInfo.Kind(rawValue: row["kind"]) else { return nil }
            let attachment = AttachmentInfo(
                name: row["name"], kind: kind, size: row["size"], ffn: row["ffn"], storedPath: row["stored_path"])
            let msgid: String = row["msgid"]
            var bytes = attachment.storedPath.flatMap(SmallFile.contents(atPath:))
            let state: String = row["state"]
            if bytes.map({ Int64($0.count) != attachment.size }) ?? true, state == StoredMessage.State.sent.rawValue {
                // A file we sent may have moved since; the post as it went out is in the outbox.
                if sentData[msgid] == nil {
                    sentData[msgid] = try Self.sentPost(db, accountID: accountID, msgid: msgid)
                }
                let position: Int = row["position"]
                if let post = sentData[msgid] ?? nil, post.attachments.indices.contains(position) {
                    bytes = Data(post.attachments[position].bytes)
                }
            }
            return FormAttachmentRecord(
                account: account, threadID: row["thread_id"], msgid: msgid, fromAlias: row["from_alias"],
                fromUID: row["from_uid"], posted: row["posted"], attachment: attachment, bytes: bytes)
        }
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
