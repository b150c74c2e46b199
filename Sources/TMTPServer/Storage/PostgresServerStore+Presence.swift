import PostgresNIO

/// Presence across instances: each instance records the flags of the `ohi` sets its links hold
/// (keyed by its liveness lock) and sends each change to the others as a notice. A row whose
/// instance no longer holds its lock is a dead instance's and counts for nothing.
extension PostgresServerStore {
    public func sharePresence(of user: String, flags uids: [String], online: Bool) async throws -> [String] {
        guard !uids.isEmpty else { return [] }
        let key = livenessKey
        return try await transaction { connection in
            let due: [String]
            if online {
                try await self.execute(
                    """
                    INSERT INTO presence (instance_key, uid, flagged)
                    SELECT hashtext(\(key)), \(user), unnest(\(uids)) ON CONFLICT DO NOTHING
                    """, on: connection)
                due = uids
            } else {
                try await self.execute(
                    """
                    DELETE FROM presence
                    WHERE instance_key = hashtext(\(key)) AND uid = \(user) AND flagged = ANY(\(uids))
                    """, on: connection)
                // Still flagged through a link on another live instance: not offline yet.
                let still = try await self.rows(
                    """
                    SELECT DISTINCT p.flagged FROM presence p
                    WHERE p.uid = \(user) AND p.flagged = ANY(\(uids)) AND \(unescaped: Self.liveInstance)
                    """, as: String.self, on: connection)
                due = uids.filter { !still.contains($0) }
            }
            let notices = PostgresPresenceNotice.payloads(
                sender: self.instance, change: PresenceNotice(user: user, online: online, uids: due))
            if !notices.isEmpty {
                try await self.execute(
                    "SELECT pg_notify(\(PostgresPresenceNotice.channel), notice) FROM unnest(\(notices)) AS notice",
                    on: connection)
            }
            return due
        }
    }

    public func presenceWatchers(of uid: String) async throws -> [String] {
        try await rows(
            """
            SELECT DISTINCT p.uid FROM presence p
            WHERE p.flagged = \(uid) AND p.instance_key <> hashtext(\(livenessKey))
                AND \(unescaped: Self.liveInstance)
            ORDER BY p.uid
            """, as: String.self)
    }

    /// Deletes the presence rows of instances that are gone (run when an instance starts).
    func removeDeadPresence() async throws {
        try await execute("DELETE FROM presence p WHERE NOT \(unescaped: Self.liveInstance)")
    }

    /// A condition on a presence row `p`: its instance holds its liveness lock in this database.
    /// (`pg_locks` shows a two-part key's halves as unsigned `classid` and `objid`, with `objsubid` 2.)
    private static let liveInstance = """
        EXISTS (SELECT 1 FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid::bigint = \(PostgresSchema.LockKey.liveness)
                AND l.objid::bigint = (p.instance_key & 4294967295))
        """
}
