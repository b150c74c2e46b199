import Foundation
import GRDB

extension ClientStore {
    /// Saves a draft, replacing an earlier save with the same id.
    ///
    /// - Parameter autosaved: whether the composer saved it by itself, without the user asking:
    ///   such a draft is marked for recovery until the user saves, sends or discards it (see
    ///   ``recoveredDrafts()``).
    public func saveDraft(_ draft: Draft, autosaved: Bool = false) async throws {
        let recipients = try Self.encodeJSON(draft.recipients)
        let attachments = try DraftAttachments(
            files: draft.attachments, formResults: draft.formResults, forms: draft.forms
        ).column()
        try await write { db in
            let accountID = try Self.accountID(db, draft.account)
            try db.execute(
                sql: """
                    INSERT INTO draft (
                        account_id, id, thread_id, recipients, subject, body, attachments, updated, recovery)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, id) DO UPDATE SET
                        thread_id = excluded.thread_id, recipients = excluded.recipients,
                        subject = excluded.subject, body = excluded.body,
                        attachments = excluded.attachments, updated = excluded.updated,
                        recovery = excluded.recovery
                    """,
                arguments: [
                    accountID, draft.id, draft.threadID, recipients, draft.subject, draft.body, attachments,
                    draft.updated.timeIntervalSince1970, autosaved,
                ])
            return ((), [StoreChange(area: .drafts, account: draft.account, thread: draft.threadID)])
        }
    }

    /// A saved draft, to resume writing it.
    public nonisolated func draft(account: String, id: String) async throws -> Draft? {
        try await read { db in try StoreReader.draft(db, account: account, id: id) }
    }

    /// The drafts of an account, most recently saved first; only those replying to `thread` when given.
    public nonisolated func drafts(account: String, thread: String? = nil) async throws -> [Draft] {
        try await read { db in try StoreReader.drafts(db, account: account, thread: thread) }
    }

    /// Drafts the composer autosaved and the user never saved, sent or discarded: what a closed
    /// window or a killed process left behind, most recent first, of every account.
    public nonisolated func recoveredDrafts() async throws -> [Draft] {
        try await read { db in try StoreReader.recoveredDrafts(db) }
    }

    /// Makes a recovered draft an ordinary one, once the user has been told about it.
    public func keepRecoveredDraft(account: String, id: String) async throws {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try db.execute(
                sql: "UPDATE draft SET recovery = 0 WHERE account_id = ? AND id = ?", arguments: [accountID, id])
            return ((), [])
        }
    }

    /// Deletes a draft; returns false when there was none with that id.
    @discardableResult
    public func deleteDraft(account: String, id: String) async throws -> Bool {
        try await write { db in
            let accountID = try Self.accountID(db, account)
            let thread = try String.fetchOne(
                db, sql: "SELECT thread_id FROM draft WHERE account_id = ? AND id = ?", arguments: [accountID, id])
            try db.execute(sql: "DELETE FROM draft WHERE account_id = ? AND id = ?", arguments: [accountID, id])
            let deleted = db.changesCount > 0
            return (deleted, deleted ? [StoreChange(area: .drafts, account: account, thread: thread)] : [])
        }
    }

    static func draft(from row: Row, account: String) throws -> Draft {
        let attachments = try DraftAttachments(column: row["attachments"])
        return Draft(
            id: row["id"],
            account: account,
            threadID: row["thread_id"],
            recipients: try decodeJSON([String].self, row["recipients"]),
            subject: row["subject"],
            body: row["body"],
            attachments: attachments.files,
            formResults: attachments.formResults,
            forms: attachments.forms,
            updated: Date(timeIntervalSince1970: row["updated"])
        )
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw ClientStoreError.corrupt("\(T.self) JSON: \(error)")
        }
    }
}
