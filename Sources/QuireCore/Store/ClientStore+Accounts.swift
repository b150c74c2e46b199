import Foundation
import GRDB

extension ClientStore {
    /// Adds an account; its name must be new.
    public func addAccount(_ account: Account) async throws {
        try await write { db in
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE name = ?)", arguments: [account.name])
            if exists == true { throw ClientStoreError.accountExists(account.name) }
            try db.execute(
                sql: """
                    INSERT INTO account (
                        name, site_address, site_name, uid, alias, node_number, state, error, invite, created)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.name, account.siteAddress, account.siteName, account.uid, account.alias,
                    account.nodeNumber, account.state.rawValue, account.error, account.invite,
                    account.created.timeIntervalSince1970,
                ]
            )
            return ((), [StoreChange(area: .accounts, account: account.name)])
        }
    }

    /// Changes an account's fields (registration results, site name, state) in one transaction.
    @discardableResult
    public func updateAccount(named name: String, _ change: @escaping @Sendable (inout Account) -> Void)
        async throws -> Account
    {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]) else {
                throw ClientStoreError.unknownAccount(name)
            }
            var account = try Self.account(from: row)
            change(&account)
            if account.name != name {
                let taken = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE name = ?)", arguments: [account.name])
                if taken == true { throw ClientStoreError.accountExists(account.name) }
            }
            try db.execute(
                sql: """
                    UPDATE account SET name = ?, site_address = ?, site_name = ?, uid = ?, alias = ?,
                        node_number = ?, state = ?, error = ?, invite = ?
                    WHERE name = ?
                    """,
                arguments: [
                    account.name, account.siteAddress, account.siteName, account.uid, account.alias,
                    account.nodeNumber, account.state.rawValue, account.error, account.invite, name,
                ]
            )
            return (
                account,
                [StoreChange(area: .accounts, account: name), StoreChange(area: .accounts, account: account.name)]
            )
        }
    }

    /// Removes an account and everything stored for it: messages (and their search index
    /// entries), threads, tags, address book, drafts, outbox, notices and attachment files.
    public func removeAccount(named name: String) async throws {
        let accountID = try await write { db in
            let id = try Self.accountID(db, name)
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
            return (id, [StoreChange(area: .accounts, account: name)])
        }
        // Files go after the commit: a crash in between leaves only unreferenced files, which
        // the next removal of the directory takes away; the reverse would leave dangling rows.
        if let directory = attachmentsDirectory(accountID: accountID) {
            try? FileManager.default.removeItem(at: directory)
            logRemoval(of: name, attachments: directory)
        }
    }

    /// Every account, in the order they were added.
    public nonisolated func accounts() async throws -> [Account] {
        try await read { db in try StoreReader.accounts(db) }
    }

    public nonisolated func account(named name: String) async throws -> Account? {
        try await read { db in try StoreReader.account(db, named: name) }
    }

    /// The directory for received attachment files of `account`, named by its internal id so
    /// that no account name ever becomes a path.
    public nonisolated func attachmentsDirectory(account: String) async throws -> URL? {
        let id = try await read { db in try Self.accountID(db, account) }
        return attachmentsDirectory(accountID: id)
    }

    nonisolated func attachmentsDirectory(accountID: Int64) -> URL? {
        attachmentsDirectory?.appendingPathComponent(String(accountID), isDirectory: true)
    }

    static func account(from row: Row) throws -> Account {
        let stateText: String = row["state"]
        guard let state = Account.State(rawValue: stateText) else {
            throw ClientStoreError.corrupt("account state \(stateText)")
        }
        return Account(
            name: row["name"],
            siteAddress: row["site_address"],
            siteName: row["site_name"],
            uid: row["uid"],
            alias: row["alias"],
            nodeNumber: row["node_number"],
            state: state,
            error: row["error"],
            invite: row["invite"],
            created: Date(timeIntervalSince1970: row["created"])
        )
    }
}
