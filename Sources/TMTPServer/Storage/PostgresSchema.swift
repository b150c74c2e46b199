import Logging
import PostgresNIO

/// The PostgreSQL schema, as named migrations applied in order and never edited once released.
///
/// Every instance migrates on start; a transaction-scoped advisory lock makes instances starting
/// together apply each migration once, the others waiting and then finding it done.
enum PostgresSchema {
    /// Advisory-lock keys (one 64-bit space per database, shared with anything else using it).
    enum LockKey {
        static let migrations: Int64 = 0x746d_7470_6400_0001
        /// Held for the transaction of every directory change, so rules that read several tables
        /// (an alias is not a gid, node numbering, the 100-node limit) hold across instances.
        static let directory: Int64 = 0x746d_7470_6400_0002
        /// The first half of each instance's liveness lock, a two-part key (its second half is a hash of
        /// the instance's name) and so apart from the one-part keys of the login locks.
        static let liveness: Int32 = 0x746d_7470
    }

    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1-directory",
            [
                """
                CREATE TABLE site_user (
                    uid text PRIMARY KEY,
                    created bigint NOT NULL
                )
                """,
                """
                CREATE TABLE node (
                    id bigserial PRIMARY KEY,
                    uid text NOT NULL REFERENCES site_user (uid),
                    number integer NOT NULL,
                    key_hash text NOT NULL,
                    defunct boolean NOT NULL DEFAULT false,
                    UNIQUE (uid, number),
                    UNIQUE (uid, key_hash)
                )
                """,
                """
                CREATE TABLE alias (
                    alias text PRIMARY KEY,
                    uid text NOT NULL REFERENCES site_user (uid),
                    added bigserial NOT NULL
                )
                """,
                "CREATE INDEX alias_uid ON alias (uid, added)",
                "CREATE TABLE chat_group (gid text PRIMARY KEY)",
                """
                CREATE TABLE group_member (
                    gid text NOT NULL REFERENCES chat_group (gid),
                    uid text NOT NULL REFERENCES site_user (uid),
                    alias text NOT NULL,
                    status smallint NOT NULL,
                    PRIMARY KEY (gid, uid)
                )
                """,
            ]
        ),
        (
            "v1-queues",
            [
                // One row per stored message with its data (bodies and attachments live here too, so
                // instances share no file system); ref_count counts the queue rows naming it.
                """
                CREATE TABLE message (
                    id bigint PRIMARY KEY,
                    priority smallint NOT NULL,
                    header bytea NOT NULL,
                    inline_data bytea,
                    blob text UNIQUE,
                    blob_data bytea,
                    data_length bigint NOT NULL,
                    ref_count integer NOT NULL
                )
                """,
                """
                CREATE TABLE queue (
                    node bigint NOT NULL REFERENCES node (id),
                    message bigint NOT NULL REFERENCES message (id),
                    priority smallint NOT NULL,
                    PRIMARY KEY (node, message)
                )
                """,
                "CREATE INDEX queue_order ON queue (node, priority, message)",
                "CREATE INDEX queue_message ON queue (message)",
                // Ids start near the wall clock in nanoseconds, as the SQLite store's do.
                """
                DO $$ BEGIN
                    EXECUTE format('CREATE SEQUENCE message_id START %s',
                        (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint);
                END $$
                """,
            ]
        ),
        (
            "v1-invites",
            [
                """
                CREATE TABLE invite (
                    code text PRIMARY KEY,
                    uses_left integer NOT NULL,
                    expires bigint,
                    created bigint NOT NULL
                )
                """
            ]
        ),
        (
            "v2-sign-in",
            [
                // The provider identity a user registered with; absent for users who did not sign in.
                """
                CREATE TABLE sign_in (
                    uid text PRIMARY KEY REFERENCES site_user (uid),
                    issuer text NOT NULL,
                    subject text NOT NULL
                )
                """
            ]
        ),
        (
            "v3-shared-state",
            [
                // The flags of the `ohi` sets held on each instance, keyed by the instance's liveness
                // lock, so presence is seen on every instance and a dead instance's rows are known.
                """
                CREATE TABLE presence (
                    instance_key bigint NOT NULL,
                    uid text NOT NULL,
                    flagged text NOT NULL,
                    PRIMARY KEY (flagged, uid, instance_key)
                )
                """,
                // Failed logins and refused invites per client address, within the current window.
                """
                CREATE TABLE login_failure (
                    host text PRIMARY KEY,
                    count integer NOT NULL,
                    window_start bigint NOT NULL
                )
                """,
                // Pings and group invites per user on one UTC day (the optional daily limit).
                """
                CREATE TABLE daily_ping (
                    uid text PRIMARY KEY,
                    day bigint NOT NULL,
                    count integer NOT NULL
                )
                """,
                // Member administration: suspended members and the numbered change log.
                """
                CREATE TABLE suspended_user (
                    uid text PRIMARY KEY REFERENCES site_user (uid),
                    since bigint NOT NULL
                )
                """,
                """
                CREATE TABLE member_change (
                    sequence bigserial PRIMARY KEY,
                    kind text NOT NULL,
                    uid text NOT NULL,
                    node integer
                )
                """,
            ]
        ),
        (
            "v4-recipient-order",
            [
                // The highest message id each node was given, so ids reach a node in increasing order
                // whichever instance commits first.
                "ALTER TABLE node ADD COLUMN last_message bigint NOT NULL DEFAULT 0"
            ]
        ),
    ]

    /// Applies the migrations this database lacks, on a connection of its own (before the pool runs).
    static func migrate(_ location: PostgresLocation, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: location.connectionConfiguration(), id: 0, logger: logger)
        do {
            try await PostgresTransaction.run(on: connection, logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(LockKey.migrations))", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied timestamptz NOT NULL)",
                    logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM schema_migration", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                for migration in migrations where !applied.contains(migration.name) {
                    for statement in migration.sql {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migration (name, applied) VALUES (\(migration.name), now())",
                        logger: logger)
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
