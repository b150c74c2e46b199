import GRDB

/// The SQLite schema, as named migrations applied in order and never edited once released.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory") { db in
            try db.execute(
                sql: """
                    CREATE TABLE user (
                        uid TEXT PRIMARY KEY NOT NULL,
                        created INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE node (
                        id INTEGER PRIMARY KEY,
                        uid TEXT NOT NULL REFERENCES user(uid),
                        number INTEGER NOT NULL,
                        keyHash TEXT NOT NULL,
                        defunct INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (uid, number),
                        UNIQUE (uid, keyHash)
                    );
                    CREATE TABLE alias (
                        alias TEXT PRIMARY KEY NOT NULL,
                        uid TEXT NOT NULL REFERENCES user(uid)
                    );
                    CREATE INDEX alias_uid ON alias (uid);
                    CREATE TABLE chatGroup (
                        gid TEXT PRIMARY KEY NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE groupMember (
                        gid TEXT NOT NULL REFERENCES chatGroup(gid),
                        uid TEXT NOT NULL REFERENCES user(uid),
                        alias TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        PRIMARY KEY (gid, uid)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-queues") { db in
            // One message row per stored message; refCount counts the queue rows naming it, so the
            // row (and its blob) goes when the last node acks. queue's primary key serves acks and
            // counts; queue_order serves "next message": E before M, then by id.
            try db.execute(
                sql: """
                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY,
                        priority INTEGER NOT NULL,
                        header BLOB NOT NULL,
                        inlineData BLOB,
                        blob TEXT UNIQUE,
                        dataLength INTEGER NOT NULL,
                        refCount INTEGER NOT NULL
                    );
                    CREATE TABLE queue (
                        node INTEGER NOT NULL REFERENCES node(id),
                        message INTEGER NOT NULL REFERENCES message(id),
                        priority INTEGER NOT NULL,
                        PRIMARY KEY (node, message)
                    ) WITHOUT ROWID;
                    CREATE INDEX queue_order ON queue (node, priority, message);
                    CREATE TABLE counter (
                        name TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-invites") { db in
            try db.execute(
                sql: """
                    CREATE TABLE invite (
                        code TEXT PRIMARY KEY NOT NULL,
                        usesLeft INTEGER NOT NULL,
                        expires INTEGER,
                        created INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2-queue-message-index") { db in
            // Deleting a message row makes SQLite's foreign-key check look for queue rows naming it;
            // without this index that is a scan of every queue on every last ack.
            try db.execute(sql: "CREATE INDEX queue_message ON queue (message)")
        }
        migrator.registerMigration("v3-sign-in") { db in
            // The provider identity a user registered with; absent for users who did not sign in.
            try db.execute(
                sql: """
                    CREATE TABLE signIn (
                        uid TEXT PRIMARY KEY NOT NULL REFERENCES user(uid),
                        issuer TEXT NOT NULL,
                        subject TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-member-administration") { db in
            // Suspensions, and the numbered log of administrative changes a running server polls.
            try db.execute(
                sql: """
                    CREATE TABLE suspendedUser (
                        uid TEXT PRIMARY KEY NOT NULL REFERENCES user(uid),
                        since INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE memberChange (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        uid TEXT NOT NULL,
                        node INTEGER
                    );
                    """)
        }
        return migrator
    }
}
