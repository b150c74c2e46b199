import GRDB

/// The store's tables, as a sequence of named migrations. Never edit a shipped migration:
/// add a new one, so that every existing store reaches the same schema.
enum ClientStoreSchema {
    /// Every migration in order: its identifier, recorded in `grdb_migrations`, and its work.
    static let migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
        ("v1 accounts", createAccounts),
        ("v1 threads and messages", createThreadsAndMessages),
        ("v1 message search index", createSearchIndex),
        ("v1 tags", createTags),
        ("v1 address book", createAddressBook),
        ("v1 drafts and outbox", createDraftsAndOutbox),
        ("v2 unread thread index", createUnreadIndex),
        ("v3 forwarded threads", createForwarding),
        ("v4 thread paging indexes", createThreadPagingIndexes),
        ("v5 account invite codes", addAccountInvites),
        ("v6 draft recovery", createDraftRecovery),
        ("v7 attachments that lost their file", unlinkOverwrittenAttachments),
        ("v8 kept unread counts", createKeptUnreadCounts),
        ("v9 forwarded record sums", addForwardedRecordSums),
        ("v10 kept form contents", createFormContents),
    ]

    /// The identifiers alone, for a reader that checks the schema without GRDB (`quire check`).
    static var migrationIdentifiers: [String] { migrations.map { $0.identifier } }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }

    private static func createAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                -- AUTOINCREMENT: an id is never reused, so neither is an attachments directory.
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    site_address TEXT NOT NULL,
                    site_name TEXT,
                    uid TEXT,
                    alias TEXT,
                    node_number INTEGER,
                    state TEXT NOT NULL CHECK (state IN ('unregistered', 'registered', 'rejected', 'failed')),
                    error TEXT,
                    created REAL NOT NULL
                );
                -- Ids of stored server messages already handled, so re-deliveries are stored once.
                CREATE TABLE seen_id (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    PRIMARY KEY (account_id, id)
                ) WITHOUT ROWID;
                """
        )
    }

    private static func createThreadsAndMessages(_ db: Database) throws {
        // message.id is the posted time in microseconds (bumped on ties), so rowid order is
        // newest-first order and FTS5 can return a first page without sorting every match.
        try db.execute(
            sql: """
                CREATE TABLE thread (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    last_activity INTEGER NOT NULL,
                    unread_count INTEGER NOT NULL DEFAULT 0,
                    message_count INTEGER NOT NULL DEFAULT 0,
                    has_attachments INTEGER NOT NULL DEFAULT 0,
                    has_forms INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (account_id, id)
                );
                CREATE INDEX thread_by_activity ON thread(last_activity);
                CREATE INDEX thread_by_account_activity ON thread(account_id, last_activity);

                CREATE TABLE message (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    thread_id TEXT NOT NULL,
                    msgid TEXT NOT NULL,
                    from_uid TEXT NOT NULL,
                    from_alias TEXT NOT NULL,
                    posted TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    datahead TEXT,
                    recipients TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('received', 'sent')),
                    is_read INTEGER NOT NULL,
                    UNIQUE (account_id, msgid),
                    FOREIGN KEY (account_id, thread_id) REFERENCES thread(account_id, id) ON DELETE CASCADE
                );
                CREATE INDEX message_by_thread ON message(account_id, thread_id, id);
                CREATE INDEX message_unread ON message(account_id, is_read);

                CREATE TABLE message_cc (
                    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    alias TEXT NOT NULL COLLATE NOCASE,
                    uid TEXT,
                    is_group INTEGER NOT NULL,
                    PRIMARY KEY (message_id, position)
                ) WITHOUT ROWID;
                CREATE INDEX message_cc_by_alias ON message_cc(alias);

                CREATE TABLE attachment (
                    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('u', 'f', 'r')),
                    size INTEGER NOT NULL,
                    ffn TEXT,
                    stored_path TEXT,
                    PRIMARY KEY (message_id, position)
                ) WITHOUT ROWID;
                """
        )
    }

    private static func createSearchIndex(_ db: Database) throws {
        // External-content FTS5: the text lives once, in `message`; triggers keep the index in step,
        // including deletes that cascade from a removed account.
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE message_fts USING fts5(
                    subject, body, from_alias, recipients,
                    content = 'message', content_rowid = 'id',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
                    INSERT INTO message_fts(rowid, subject, body, from_alias, recipients)
                    VALUES (new.id, new.subject, new.body, new.from_alias, new.recipients);
                END;
                CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
                    INSERT INTO message_fts(message_fts, rowid, subject, body, from_alias, recipients)
                    VALUES ('delete', old.id, old.subject, old.body, old.from_alias, old.recipients);
                END;
                CREATE TRIGGER message_fts_update AFTER UPDATE OF subject, body, from_alias, recipients ON message
                BEGIN
                    INSERT INTO message_fts(message_fts, rowid, subject, body, from_alias, recipients)
                    VALUES ('delete', old.id, old.subject, old.body, old.from_alias, old.recipients);
                    INSERT INTO message_fts(rowid, subject, body, from_alias, recipients)
                    VALUES (new.id, new.subject, new.body, new.from_alias, new.recipients);
                END;
                """
        )
    }

    private static func createTags(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE thread_tag (
                    account_id INTEGER NOT NULL,
                    thread_id TEXT NOT NULL,
                    tag TEXT NOT NULL COLLATE NOCASE,
                    created REAL NOT NULL,
                    PRIMARY KEY (account_id, thread_id, tag),
                    FOREIGN KEY (account_id, thread_id) REFERENCES thread(account_id, id) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX thread_tag_by_tag ON thread_tag(account_id, tag);

                CREATE TABLE message_hashtag (
                    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL COLLATE NOCASE,
                    PRIMARY KEY (message_id, tag)
                ) WITHOUT ROWID;
                CREATE INDEX message_hashtag_by_tag ON message_hashtag(tag);
                """
        )
    }

    private static func createAddressBook(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE contact (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    alias TEXT NOT NULL COLLATE NOCASE,
                    uid TEXT,
                    origin TEXT NOT NULL,
                    blocked INTEGER NOT NULL DEFAULT 0,
                    created REAL NOT NULL,
                    PRIMARY KEY (account_id, alias)
                ) WITHOUT ROWID;
                CREATE INDEX contact_by_uid ON contact(account_id, uid);

                CREATE TABLE contact_group (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    gid TEXT NOT NULL,
                    my_alias TEXT,
                    is_owner INTEGER NOT NULL DEFAULT 0,
                    created REAL NOT NULL,
                    PRIMARY KEY (account_id, gid)
                ) WITHOUT ROWID;

                CREATE TABLE group_member (
                    account_id INTEGER NOT NULL,
                    gid TEXT NOT NULL,
                    alias TEXT NOT NULL COLLATE NOCASE,
                    uid TEXT,
                    status TEXT NOT NULL CHECK (status IN ('invited', 'joined')),
                    PRIMARY KEY (account_id, gid, alias),
                    FOREIGN KEY (account_id, gid) REFERENCES contact_group(account_id, gid) ON DELETE CASCADE
                ) WITHOUT ROWID;

                CREATE TABLE notice (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('ping', 'invite')),
                    server_id TEXT NOT NULL,
                    from_alias TEXT NOT NULL,
                    from_uid TEXT NOT NULL,
                    gid TEXT,
                    text TEXT NOT NULL,
                    posted TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'ignored')),
                    UNIQUE (account_id, server_id)
                );
                """
        )
    }

    private static func createDraftsAndOutbox(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE draft (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    thread_id TEXT,
                    recipients TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attachments TEXT NOT NULL,
                    updated REAL NOT NULL,
                    PRIMARY KEY (account_id, id)
                ) WITHOUT ROWID;

                -- The rowid orders queued rows: first enqueued, first sent.
                CREATE TABLE outbox (
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    header TEXT NOT NULL,
                    data BLOB,
                    data_path TEXT,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                    msgid TEXT,
                    posted TEXT,
                    error TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created REAL NOT NULL,
                    draft_id TEXT,
                    post TEXT,
                    UNIQUE (account_id, id)
                );
                CREATE INDEX outbox_by_state ON outbox(account_id, state);
                """
        )
    }

    /// `quire check` counts unread threads on every run: a partial covering index lets it read
    /// only the unread ones, never the thread rows themselves.
    private static func createUnreadIndex(_ db: Database) throws {
        try db.execute(
            sql: "CREATE INDEX thread_unread ON thread(account_id, unread_count) WHERE unread_count > 0"
        )
    }

    /// Forwarding (PostNotify): messages copied in by a forward are marked with who forwarded
    /// them, members added after a thread started are kept per thread so a reply reaches them,
    /// and a forward to others becomes a notice (the notice table is rebuilt for the new kind).
    private static func createForwarding(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE message ADD COLUMN forwarded_by TEXT;

                CREATE TABLE thread_member (
                    account_id INTEGER NOT NULL,
                    thread_id TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    uid TEXT NOT NULL,
                    is_group INTEGER NOT NULL,
                    by_alias TEXT NOT NULL,
                    added TEXT NOT NULL,
                    PRIMARY KEY (account_id, thread_id, uid),
                    FOREIGN KEY (account_id, thread_id) REFERENCES thread(account_id, id) ON DELETE CASCADE
                ) WITHOUT ROWID;

                CREATE TABLE notice_v3 (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('ping', 'invite', 'forward')),
                    server_id TEXT NOT NULL,
                    from_alias TEXT NOT NULL,
                    from_uid TEXT NOT NULL,
                    gid TEXT,
                    text TEXT NOT NULL,
                    posted TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'ignored')),
                    thread_id TEXT,
                    UNIQUE (account_id, server_id)
                );
                INSERT INTO notice_v3 (id, account_id, kind, server_id, from_alias, from_uid, gid, text, posted, state)
                    SELECT id, account_id, kind, server_id, from_alias, from_uid, gid, text, posted, state FROM notice;
                DROP TABLE notice;
                ALTER TABLE notice_v3 RENAME TO notice;
                """
        )
    }

    /// The thread list pages newest first by (last activity, id). Indexes that end in both keys let a
    /// page's ids come from an index walk alone, however deep the page (the OFFSET rows are skipped in the
    /// index, never sorted or read); the unread ones are partial, and `thread_unread` still covers the
    /// unread counts of `quire check`.
    private static func createThreadPagingIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX thread_by_activity;
                DROP INDEX thread_by_account_activity;
                DROP INDEX thread_unread;
                CREATE INDEX thread_by_activity ON thread(last_activity, id);
                CREATE INDEX thread_by_account_activity ON thread(account_id, last_activity, id);
                CREATE INDEX thread_unread ON thread(account_id, last_activity, id, unread_count)
                    WHERE unread_count > 0;
                CREATE INDEX thread_unread_by_activity ON thread(last_activity, id) WHERE unread_count > 0;
                """
        )
    }

    /// A draft the composer saved by itself (autosave) holds changes the user never confirmed:
    /// `recovery` marks it until the user saves, sends or discards it, so a draft left behind
    /// by a closed window or a killed process is found and announced on the next start.
    private static func createDraftRecovery(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE draft ADD COLUMN recovery INTEGER NOT NULL DEFAULT 0")
    }

    /// The invite code an account registers with, kept until the site has taken it.
    private static func addAccountInvites(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE account ADD COLUMN invite TEXT")
    }

    /// Received attachments were once stored as `<msgid>_<name>`, without their kind, so a blank
    /// form and the answers to it (`f:x`, `r:x`) were written to one file, which kept the bytes of
    /// the last one written. That row keeps the file; the others lost their bytes and now show
    /// as not downloaded rather than as another attachment's bytes. No file is removed.
    private static func unlinkOverwrittenAttachments(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE attachment SET stored_path = NULL
                WHERE stored_path IS NOT NULL AND EXISTS (
                    SELECT 1 FROM attachment later
                    WHERE later.message_id = attachment.message_id AND later.position > attachment.position
                        AND later.stored_path = attachment.stored_path)
                """
        )
    }

    /// Each account's unread threads and messages, kept up to date by triggers on every write
    /// that changes a thread's unread count, so the counts (`quire check`, the top bar, the first
    /// paint) cost one row an account however large the store grows.
    private static func createKeptUnreadCounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE account_unread (
                    account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
                    threads INTEGER NOT NULL DEFAULT 0,
                    messages INTEGER NOT NULL DEFAULT 0
                );
                INSERT INTO account_unread (account_id, threads, messages)
                    SELECT a.id, count(t.unread_count), coalesce(sum(t.unread_count), 0)
                    FROM account a LEFT JOIN thread t ON t.account_id = a.id AND t.unread_count > 0
                    GROUP BY a.id;
                CREATE TRIGGER account_unread_for_new_account AFTER INSERT ON account BEGIN
                    INSERT INTO account_unread (account_id) VALUES (NEW.id);
                END;
                CREATE TRIGGER account_unread_thread_added AFTER INSERT ON thread WHEN NEW.unread_count > 0 BEGIN
                    UPDATE account_unread SET threads = threads + 1, messages = messages + NEW.unread_count
                        WHERE account_id = NEW.account_id;
                END;
                CREATE TRIGGER account_unread_thread_removed AFTER DELETE ON thread WHEN OLD.unread_count > 0 BEGIN
                    UPDATE account_unread SET threads = threads - 1, messages = messages - OLD.unread_count
                        WHERE account_id = OLD.account_id;
                END;
                CREATE TRIGGER account_unread_thread_changed AFTER UPDATE OF unread_count, account_id ON thread
                    WHEN OLD.unread_count IS NOT NEW.unread_count OR OLD.account_id IS NOT NEW.account_id
                BEGIN
                    UPDATE account_unread
                        SET threads = threads - (OLD.unread_count > 0), messages = messages - max(OLD.unread_count, 0)
                        WHERE account_id = OLD.account_id;
                    UPDATE account_unread
                        SET threads = threads + (NEW.unread_count > 0), messages = messages + max(NEW.unread_count, 0)
                        WHERE account_id = NEW.account_id;
                END;
                """
        )
    }

    /// A forwarded copy keeps the length and CRC-32C its record had in the forwarded thread file,
    /// which its author's confirmation must match, as in the reference client.
    private static func addForwardedRecordSums(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE message ADD COLUMN forward_size INTEGER;
                ALTER TABLE message ADD COLUMN forward_checksum INTEGER;
                """
        )
    }

    /// What each blank and filled form attachment holds, read once from its file when the message
    /// is stored (and again when a late file arrives), so a results table is one indexed query
    /// rather than a file read and a JSON parse a row. `state` is `blank` (content: its bytes),
    /// `answers` (content: the answers, see ``FilledForm/storedBytes``), `malformed` (content:
    /// the bytes as sent, problem: what is wrong) or `missing` (no file yet, or one too large to
    /// keep: read from its file when a table opens). Existing forms are read here.
    private static func createFormContents(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE form_content (
                    message_id INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    account_id INTEGER NOT NULL,
                    family TEXT NOT NULL,
                    ffn TEXT,
                    state TEXT NOT NULL CHECK (state IN ('blank', 'answers', 'malformed', 'missing')),
                    content BLOB,
                    problem TEXT,
                    PRIMARY KEY (message_id, position),
                    FOREIGN KEY (message_id, position) REFERENCES attachment(message_id, position) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX form_content_by_family ON form_content(account_id, family);
                CREATE INDEX form_content_by_ffn ON form_content(account_id, ffn);
                """
        )
        let messages = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT message_id FROM attachment WHERE kind IN ('f', 'r') ORDER BY message_id")
        for message in messages { try ClientStore.keepFormContents(db, messageKey: message) }
    }
}
