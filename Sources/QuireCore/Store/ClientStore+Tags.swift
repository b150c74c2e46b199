import Foundation
import GRDB

/// A tag in use in an account, private or hashtag, with how many threads carry it.
public struct TagUsage: Sendable, Hashable {
    public var name: String
    public var threadCount: Int

    public init(name: String, threadCount: Int) {
        self.name = name
        self.threadCount = threadCount
    }
}

extension ClientStore {
    /// Tags a thread privately. A leading `#` is dropped. Adding a tag twice is harmless.
    public func addTag(_ tag: String, account: String, thread: String) async throws {
        let name = try Self.validTag(tag)
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try Self.requireThread(db, accountID: accountID, account: account, thread: thread)
            try db.execute(
                sql: "INSERT OR IGNORE INTO thread_tag (account_id, thread_id, tag, created) VALUES (?, ?, ?, ?)",
                arguments: [accountID, thread, name, Date().timeIntervalSince1970])
            return ((), [StoreChange(area: .tags, account: account, thread: thread)])
        }
    }

    /// Removes a private tag from a thread (case-insensitive). Hashtags stay: they are in the text.
    public func removeTag(_ tag: String, account: String, thread: String) async throws {
        let name = try Self.validTag(tag)
        try await write { db in
            let accountID = try Self.accountID(db, account)
            try Self.requireThread(db, accountID: accountID, account: account, thread: thread)
            try db.execute(
                sql: "DELETE FROM thread_tag WHERE account_id = ? AND thread_id = ? AND tag = ?",
                arguments: [accountID, thread, name])
            return ((), [StoreChange(area: .tags, account: account, thread: thread)])
        }
    }

    /// The tags used in an account (private tags and hashtags, merged case-insensitively),
    /// sorted by name.
    public nonisolated func tags(account: String) async throws -> [TagUsage] {
        try await read { db in try StoreReader.tags(db, account: account) }
    }

    /// Checks a tag name: 1 to 64 characters, no whitespace, `#` or `&`; a leading `#` is dropped.
    static func validTag(_ tag: String) throws -> String {
        let name = tag.hasPrefix("#") ? String(tag.dropFirst()) : tag
        guard !name.isEmpty, name.count <= Hashtags.maximumLength,
            !name.contains(where: { $0.isWhitespace || $0 == "#" || $0 == "&" })
        else { throw ClientStoreError.invalidTag(tag) }
        return name
    }
}
