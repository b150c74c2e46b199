import Foundation
import GRDB

extension ClientStore {
    /// Keeps what each blank and filled form attachment of one message holds (table
    /// `form_content`): the answers read once, or why they cannot be, so a results table opens
    /// from one query. Run when the message is stored and again when a file of it arrives;
    /// the caller holds the transaction.
    static func keepFormContents(_ db: Database, messageKey: Int64) throws {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT m.account_id, m.msgid, m.state, a.position, a.name, a.kind, a.size, a.ffn, a.stored_path
                    FROM attachment a JOIN message m ON m.id = a.message_id
                    WHERE a.message_id = ? AND a.kind IN ('f', 'r') ORDER BY a.position
                    """),
            arguments: [messageKey])
        var sentPosts: [String: PostData?] = [:]
        for row in rows {
            guard let kind = AttachmentInfo.Kind(rawValue: row["kind"]) else { continue }
            let attachment = AttachmentInfo(
                name: row["name"], kind: kind, size: row["size"], ffn: row["ffn"], storedPath: row["stored_path"])
            let accountID: Int64 = row["account_id"]
            let position: Int = row["position"]
            let state: String = row["state"]
            // A form too large to keep twice is read from its file when a table opens, as before.
            let bytes =
                attachment.size > FormContent.largestKept
                ? nil
                : try StoreReader.formBytes(
                    db, accountID: accountID, msgid: row["msgid"], sent: state == StoredMessage.State.sent.rawValue,
                    position: position, attachment: attachment, sentPosts: &sentPosts)
            let columns = FormContent(kind: kind, bytes: bytes).columns
            try db.executeCached(
                sql: """
                    INSERT INTO form_content (message_id, position, account_id, family, ffn, state, content, problem)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (message_id, position) DO UPDATE SET
                        state = excluded.state, content = excluded.content, problem = excluded.problem
                    """,
                arguments: [
                    messageKey, position, accountID, FormName.family(ofAttachment: attachment.name), attachment.ffn,
                    columns.state, columns.content, columns.problem,
                ])
        }
    }
}
