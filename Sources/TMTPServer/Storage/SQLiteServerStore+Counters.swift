import Foundation
import GRDB

extension SQLiteServerStore {
    // MARK: Message ids

    public func reserveMessageIDs(clock: UInt64, count: UInt64) async throws -> Range<UInt64> {
        try await write { db in
            let stored = try Int64.fetchOne(
                db, sql: "SELECT value FROM counter WHERE name = 'messageIDCeiling'")
            let ceiling = UInt64(max(0, stored ?? 0))
            let start = max(clock, ceiling)
            let (end, overflow) = start.addingReportingOverflow(count)
            guard !overflow, end < 1 << 63 else { throw StoreError.messageIDOutOfRange(start) }
            try db.execute(
                sql: "INSERT OR REPLACE INTO counter (name, value) VALUES ('messageIDCeiling', ?)",
                arguments: [Int64(end)])
            return start..<end
        }
    }

    // MARK: Invites

    public func createInvite(uses: Int, expires: Date?, now: Date) async throws -> Invite {
        let invite = Invite(code: Invite.makeCode(), usesLeft: uses, expires: expires, created: now)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO invite (code, usesLeft, expires, created) VALUES (?, ?, ?, ?)",
                arguments: [
                    invite.code, invite.usesLeft, invite.expires.map(Self.milliseconds), Self.milliseconds(now),
                ])
        }
        return invite
    }

    public func invites() async throws -> [Invite] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM invite ORDER BY created DESC, code").map(Self.invite)
        }
    }

    @discardableResult
    public func revokeInvite(_ code: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM invite WHERE code = ?", arguments: [code])
            return db.changesCount > 0
        }
    }

    public func consumeInvite(_ code: String, now: Date) async throws -> Bool {
        try await write { db in try Self.consumeInvite(db, code, now: now) }
    }

    static func consumeInvite(_ db: Database, _ code: String, now: Date) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM invite WHERE code = ?", arguments: [code]),
            invite(row).isUsable(at: now)
        else { return false }
        try db.execute(sql: "UPDATE invite SET usesLeft = usesLeft - 1 WHERE code = ?", arguments: [code])
        return true
    }

    static func invite(_ row: Row) -> Invite {
        let expires: Int64? = row["expires"]
        return Invite(
            code: row["code"], usesLeft: row["usesLeft"], expires: expires.map { date(milliseconds: $0) },
            created: date(milliseconds: row["created"]))
    }
}
