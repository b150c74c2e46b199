import Foundation
import PostgresNIO

extension PostgresServerStore {
    // MARK: Message ids

    /// One id per call, from one sequence, so ids increase in the order any instance takes them
    /// (a block per instance would let one instance's ids run behind another's). A sequence hands out
    /// no value twice, even after a crash, for any id a committed message carries.
    public func reserveMessageIDs(clock: UInt64, count: UInt64) async throws -> Range<UInt64> {
        guard let id = try await value("SELECT nextval('message_id')", as: Int64.self), id >= 0 else {
            throw StoreError.corruptRow("message_id sequence")
        }
        return UInt64(id)..<UInt64(id) + 1
    }

    // MARK: Invites

    public func createInvite(uses: Int, expires: Date?, now: Date) async throws -> Invite {
        let invite = Invite(code: Invite.makeCode(), usesLeft: uses, expires: expires, created: now)
        let expiresAt = expires.map(SQLiteServerStore.milliseconds)
        try await execute(
            """
            INSERT INTO invite (code, uses_left, expires, created)
            VALUES (\(invite.code), \(invite.usesLeft), \(expiresAt), \(SQLiteServerStore.milliseconds(now)))
            """)
        return invite
    }

    public func invites() async throws -> [Invite] {
        let rows = try await rows(
            "SELECT code, uses_left, expires, created FROM invite ORDER BY created DESC, code",
            as: (String, Int, Int64?, Int64).self)
        var invites: [Invite] = []
        for (code, uses, expires, created) in rows {
            invites.append(
                Invite(
                    code: code, usesLeft: uses, expires: expires.map { SQLiteServerStore.date(milliseconds: $0) },
                    created: SQLiteServerStore.date(milliseconds: created)))
        }
        return invites
    }

    @discardableResult
    public func revokeInvite(_ code: String) async throws -> Bool {
        try await !rows("DELETE FROM invite WHERE code = \(code) RETURNING code", as: String.self).isEmpty
    }

    public func consumeInvite(_ code: String, now: Date) async throws -> Bool {
        try await consumeInvite(code, now: now, on: nil)
    }

    /// Uses one registration of a code in one statement, so two instances cannot both take its last use.
    func consumeInvite(_ code: String, now: Date, on connection: PostgresConnection?) async throws -> Bool {
        let nowMilliseconds = SQLiteServerStore.milliseconds(now)
        return try await !rows(
            """
            UPDATE invite SET uses_left = uses_left - 1
            WHERE code = \(code) AND uses_left > 0 AND (expires IS NULL OR expires > \(nowMilliseconds))
            RETURNING code
            """, as: String.self, on: connection
        ).isEmpty
    }
}
