import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite("ClientStore: accounts, receiving, threads")
struct ClientStoreTests {
    @Test("a fresh store applies every named migration")
    func migrationsOnFreshStore() async throws {
        try await withStore { store, _ in
            let applied = try await store.appliedMigrations()
            #expect(applied == ClientStore.knownMigrations)
            #expect(applied.count >= 6)
            #expect(applied.contains("v1 message search index"))
        }
    }

    @Test("reopening a store keeps its data and applies nothing twice")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("s.sqlite").path
        do {
            let store = try ClientStore(path: path)
            try await store.addAccount(Account(name: "a", siteAddress: "+example.org:443"))
        }
        let reopened = try ClientStore(path: path)
        #expect(try await reopened.accounts().map(\.name) == ["a"])
        #expect(try await reopened.appliedMigrations() == ClientStore.knownMigrations)
    }

    @Test("accounts: add, duplicate name refused, update, list")
    func accounts() async throws {
        try await withStore { store, _ in
            await #expect(throws: ClientStoreError.accountExists("home")) {
                try await store.addAccount(Account(name: "home", siteAddress: "=x:1"))
            }
            try await store.addAccount(Account(name: "work", siteAddress: "+work.example:8444"))
            let updated = try await store.updateAccount(named: "work") {
                $0.uid = "WORKUID"
                $0.siteName = "Work"
                $0.nodeNumber = 2
                $0.state = .registered
            }
            #expect(updated.uid == "WORKUID")
            let work = try #require(try await store.account(named: "work"))
            #expect(work.siteName == "Work" && work.nodeNumber == 2 && work.state == .registered)
            #expect(try await store.accounts().map(\.name) == ["home", "work"])
            await #expect(throws: ClientStoreError.unknownAccount("nope")) {
                try await store.removeAccount(named: "nope")
            }
        }
    }

    @Test("receiving is idempotent: a re-delivered id is stored once")
    func idempotentReceive() async throws {
        try await withStore { store, _ in
            let message = received(1, body: "first copy")
            #expect(try await store.insertReceived(message, account: "home") == .stored)
            #expect(try await store.insertReceived(message, account: "home") == .duplicate)
            let outcomes = try await store.insertReceived([message, received(2, thread: 1)], account: "home")
            #expect(outcomes == [.duplicate, .stored])
            let messages = try await store.messages(account: "home", thread: msgid(1))
            #expect(messages.map(\.msgid) == [msgid(1), msgid(2)])
            let thread = try #require(try await store.thread(account: "home", id: msgid(1)))
            #expect(thread.messageCount == 2)
            #expect(thread.unreadCount == 2)
        }
    }

    @Test("messages group into threads by datahead threadid; the thread id is the first msgid")
    func threadGrouping() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(10, subject: "Plans", body: "root", day: 1), account: "home")
            try await store.insertReceived(received(20, subject: "Other", body: "x", day: 2), account: "home")
            try await store.insertReceived(
                received(11, thread: 10, from: "bob", uid: "BOBUID", subject: "Re: Plans", day: 3), account: "home")
            let threads = try await store.threads(ThreadQuery(account: "home"))
            #expect(threads.map(\.id) == [msgid(10), msgid(20)])
            #expect(threads[0].subject == "Plans")
            #expect(threads[0].messageCount == 2)
            let messages = try await store.messages(account: "home", thread: msgid(10))
            #expect(messages.map(\.fromAlias) == ["ann", "bob"])
            #expect(messages.allSatisfy { $0.threadID == msgid(10) })
        }
    }

    @Test("a reply arriving before its thread's first message gets the subject fixed later")
    func replyBeforeRoot() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(11, thread: 10, subject: "Re: Plans", day: 2), account: "home")
            #expect(try await store.thread(account: "home", id: msgid(10))?.subject == "Re: Plans")
            try await store.insertReceived(received(10, subject: "Plans", day: 1), account: "home")
            let thread = try #require(try await store.thread(account: "home", id: msgid(10)))
            #expect(thread.subject == "Plans")
            #expect(
                try await store.messages(account: "home", thread: msgid(10)).map(\.msgid) == [msgid(10), msgid(11)])
        }
    }

    @Test("unread counts follow receiving and read/unread marks")
    func unreadCounts() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1, day: 1), account: "home")
            try await store.insertReceived(received(2, thread: 1, day: 2), account: "home")
            try await store.insertReceived(received(3, day: 3), account: "home")
            // Our own post from another node arrives read.
            try await store.insertReceived(received(4, thread: 1, from: "me", uid: "SELFUID", day: 4), account: "home")
            #expect(
                try await store.unreadCounts() == [UnreadCount(account: "home", unreadThreads: 2, unreadMessages: 3)])
            #expect(try await store.messages(account: "home", thread: msgid(1)).last?.state == .sent)

            try await store.setThreadRead(true, account: "home", thread: msgid(1))
            #expect(try await store.thread(account: "home", id: msgid(1))?.unreadCount == 0)
            #expect(try await store.threads(ThreadQuery(unreadOnly: true)).map(\.id) == [msgid(3)])

            try await store.setThreadRead(false, account: "home", thread: msgid(1))
            let messages = try await store.messages(account: "home", thread: msgid(1))
            #expect(messages.map(\.isRead) == [true, true, false])

            try await store.setMessageRead(true, account: "home", msgid: msgid(3))
            #expect(try await store.unreadCounts().first?.unreadMessages == 1)
            await #expect(throws: ClientStoreError.unknownThread(account: "home", thread: "ffff")) {
                try await store.setThreadRead(true, account: "home", thread: "ffff")
            }
        }
    }

    @Test("the kept unread counts equal the counts found from the threads, through every kind of write")
    func keptUnreadCounts() async throws {
        try await withStore { store, _ in
            func expectKeptEqualsComputed(_ step: String, sourceLocation: SourceLocation = #_sourceLocation)
                async throws
            {
                let (kept, computed) = try await store.pool.read { db in
                    (
                        try Row.fetchAll(db, sql: ClientStore.unreadCountsSQL).map { "\($0)" },
                        try Row.fetchAll(db, sql: ClientStore.unreadCountsFromThreadsSQL).map { "\($0)" }
                    )
                }
                #expect(kept == computed, "after \(step)", sourceLocation: sourceLocation)
            }
            try await store.addAccount(Account(name: "work", siteAddress: "=127.0.0.1:8445", uid: "WORKUID"))
            try await expectKeptEqualsComputed("adding an account")
            var generator = SystemRandomNumberGenerator()
            for number in 1...60 {
                let account = Bool.random(using: &generator) ? "home" : "work"
                let thread = Int.random(in: 0...3, using: &generator) == 0 ? nil : Int.random(in: 1...number)
                _ = try? await store.insertReceived(
                    received(number, thread: thread.flatMap { $0 == number ? nil : $0 }, day: number % 28 + 1),
                    account: account)
                if number % 7 == 0 {
                    try? await store.setThreadRead(
                        Bool.random(using: &generator), account: account, thread: msgid(number))
                }
                if number % 11 == 0 {
                    try? await store.setMessageRead(true, account: account, msgid: msgid(number - 1))
                }
            }
            try await expectKeptEqualsComputed("receiving and marking")
            let counts = try await store.unreadCounts()
            #expect(counts.map(\.account) == ["home", "work"])
            try await store.removeAccount(named: "work")
            try await expectKeptEqualsComputed("removing an account")
            #expect(try await store.unreadCounts().map(\.account) == ["home"])
        }
    }

    @Test("the read-only reader of `quire check`: the store's counts, or nil for no store or an old schema")
    func readOnlyReader() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/quire.sqlite"
        #expect(UnreadCountsProbe.read(path: path) == nil, "no store yet")
        do {
            let store = try ClientStore(path: path)
            try await store.addAccount(Account(name: "home", siteAddress: "=127.0.0.1:8444", uid: "SELFUID"))
            try await store.insertReceived(received(1), account: "home")
            try await store.insertReceived(received(2, thread: 1), account: "home")
            let counts = try #require(UnreadCountsProbe.read(path: path))
            #expect(counts == (try await store.unreadCounts()))
            #expect(counts == [UnreadCount(account: "home", unreadThreads: 1, unreadMessages: 2)])
            try await store.write { db in
                try db.execute(
                    sql: "DELETE FROM grdb_migrations WHERE identifier = ?",
                    arguments: [ClientStore.knownMigrations.last ?? ""])
                return ((), [])
            }
        }
        #expect(UnreadCountsProbe.read(path: path) == nil, "a schema to migrate goes the usual way")
    }

    @Test("thread list is newest activity first and paged")
    func threadPaging() async throws {
        try await withStore { store, _ in
            for day in 1...5 {
                try await store.insertReceived(received(day, day: day), account: "home")
            }
            try await store.insertReceived(received(6, thread: 1, day: 9), account: "home")
            let first = try await store.threads(ThreadQuery(limit: 2))
            let second = try await store.threads(ThreadQuery(limit: 2, offset: 2))
            #expect(first.map(\.id) == [msgid(1), msgid(5)])
            #expect(second.map(\.id) == [msgid(4), msgid(3)])
        }
    }

    @Test("cc, attachments and datahead are kept; forms are flagged on the thread")
    func messageDetails() async throws {
        try await withStore { store, _ in
            let attachments = [
                try #require(AttachmentInfo(wireName: "u:photo.png", size: 1234)),
                try #require(AttachmentInfo(wireName: "f:survey.original", size: 99, ffn: "x/y/survey")),
                try #require(AttachmentInfo(wireName: "r:survey.original", size: 12, ffn: "x/y/survey")),
            ]
            let cc = [Recipient(alias: "me", uid: "SELFUID"), Recipient(alias: "team", uid: "GID1", isGroup: true)]
            try await store.insertReceived(received(1, to: cc, attachments: attachments), account: "home")
            let message = try #require(try await store.message(account: "home", msgid: msgid(1)))
            #expect(message.recipients == cc)
            #expect(message.attachments.map(\.wireName) == ["u:photo.png", "f:survey.original", "r:survey.original"])
            #expect(message.dataheadJSON == #"{"alias":"ann"}"#)
            let thread = try #require(try await store.thread(account: "home", id: msgid(1)))
            #expect(thread.hasAttachments && thread.hasForms)
            try await store.setAttachmentPath(
                "/tmp/photo.png", account: "home", msgid: msgid(1), kind: .upload, attachment: "photo.png")
            try await store.setAttachmentPath(
                "/tmp/survey.json", account: "home", msgid: msgid(1), kind: .form, attachment: "survey.original")
            #expect(
                try await store.message(account: "home", msgid: msgid(1))?.attachments.map(\.storedPath) == [
                    "/tmp/photo.png", "/tmp/survey.json", nil,
                ])
            #expect(AttachmentInfo(wireName: "x:bad", size: 1) == nil)
        }
    }

    @Test(
        "a store from before attachments kept their kind: files under the old names still read; a row whose file a later attachment overwrote loses the path, not the file"
    )
    func attachmentsUnderOldNames() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("store.sqlite").path
        let files = directory.url.appendingPathComponent("attachments/1", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        // As earlier versions stored the reference's first thread: f: and r: in one file, the answers last.
        let shared = files.appendingPathComponent("\(msgid(1))_Blue.original")
        let upload = files.appendingPathComponent("\(msgid(1))_BlueFile.txt")
        try Data("{\"nr\":101}".utf8).write(to: shared)
        try Data("abcdefghijklmnopqrstuvwxyz".utf8).write(to: upload)
        do {
            let store = try ClientStore(
                path: path, attachmentsDirectory: directory.url.appendingPathComponent("attachments"))
            try await store.addAccount(
                Account(name: "home", siteAddress: "=127.0.0.1:8444", uid: "SELFUID", state: .registered))
            let attachments = [
                AttachmentInfo(name: "BlueFile.txt", kind: .upload, size: 26, storedPath: upload.path),
                AttachmentInfo(name: "Blue.original", kind: .form, size: 416, storedPath: shared.path),
                AttachmentInfo(name: "Blue.original", kind: .formResult, size: 10, storedPath: shared.path),
            ]
            try await store.insertReceived(received(1, attachments: attachments), account: "home")
            try await store.write { db in
                try db.execute(
                    sql: "DELETE FROM grdb_migrations WHERE identifier = ?",
                    arguments: ["v7 attachments that lost their file"])
                return ((), [])
            }
        }
        let reopened = try ClientStore(
            path: path, attachmentsDirectory: directory.url.appendingPathComponent("attachments"))
        #expect(try await reopened.appliedMigrations() == ClientStore.knownMigrations)
        let message = try #require(try await reopened.message(account: "home", msgid: msgid(1)))
        #expect(message.attachments.map(\.storedPath) == [upload.path, nil, shared.path])
        #expect(FileManager.default.contents(atPath: upload.path) == Data("abcdefghijklmnopqrstuvwxyz".utf8))
        #expect(FileManager.default.contents(atPath: shared.path) == Data("{\"nr\":101}".utf8))
    }

    @Test("the address book alias wins over the alias a sender writes in its datahead")
    func aliasFromAddressBook() async throws {
        try await withStore { store, _ in
            try await store.saveContact(Contact(account: "home", alias: "ann", uid: "ANNUID", origin: .ping))
            try await store.insertReceived(received(1, from: "not-ann", uid: "ANNUID"), account: "home")
            #expect(try await store.message(account: "home", msgid: msgid(1))?.fromAlias == "ann")
        }
    }

    @Test("removing an account deletes all of its data, search index entries included")
    func removeAccount() async throws {
        try await withStore { store, directory in
            try await store.addAccount(Account(name: "other", siteAddress: "=127.0.0.1:9", uid: "OTHER"))
            try await store.insertReceived(received(1, body: "zebra crossing #urgent"), account: "home")
            try await store.insertReceived(received(1, body: "zebra in other account"), account: "other")
            try await store.saveContact(Contact(account: "home", alias: "ann", uid: "ANNUID", origin: .ping))
            try await store.saveGroup(ContactGroup(account: "home", gid: "g1"))
            try await store.saveMember(GroupMember(account: "home", gid: "g1", alias: "ann", status: .joined))
            try await store.saveDraft(Draft(account: "home", subject: "draft"))
            try await store.enqueue(OutboxItem(id: "p1", account: "home", kind: .ping, headerJSON: "{}"))
            try await store.insertNotice(
                ReceivedNotice(
                    serverID: "n1", kind: .ping, fromAlias: "x", fromUID: "XUID", text: "hi", posted: posted(day: 1)),
                account: "home")
            try await store.addTag("keep", account: "home", thread: msgid(1))
            let attachments = try #require(try await store.attachmentsDirectory(account: "home"))
            try FileManager.default.createDirectory(at: attachments, withIntermediateDirectories: true)

            try await store.removeAccount(named: "home")

            #expect(try await store.accounts().map(\.name) == ["other"])
            #expect(!FileManager.default.fileExists(atPath: attachments.path))
            let everywhere = try await store.search(SearchQuery(parsing: "zebra"))
            #expect(everywhere.hits.map(\.account) == ["other"])
            #expect(try await store.threads().map(\.account) == ["other"])
            #expect(try await store.notices().isEmpty)
            // Re-adding the name starts from nothing: the old server ids are forgotten too.
            try await store.addAccount(Account(name: "home", siteAddress: "=127.0.0.1:8444"))
            #expect(try await store.contacts(account: "home").isEmpty)
            #expect(try await store.groups(account: "home").isEmpty)
            #expect(try await store.drafts(account: "home").isEmpty)
            #expect(try await store.outboxItems(account: "home", states: [.queued, .sent, .failed]).isEmpty)
            #expect(try await store.tags(account: "home").isEmpty)
            #expect(try await store.insertReceived(received(1), account: "home") == .stored)
            _ = directory
        }
    }

    @Test("removing an account leaves no entries in the FTS5 index itself")
    func removeAccountClearsIndex() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1, body: "quokka"), account: "home")
            let before = try await store.pool.read { db in
                try Int64.fetchAll(db, sql: "SELECT rowid FROM message_fts WHERE message_fts MATCH 'quokka'")
            }
            #expect(before.count == 1)
            try await store.removeAccount(named: "home")
            let after = try await store.pool.read { db in
                try Int64.fetchAll(db, sql: "SELECT rowid FROM message_fts WHERE message_fts MATCH 'quokka'")
            }
            #expect(after.isEmpty)
            // The index agrees with the content table row for row.
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO message_fts(message_fts) VALUES ('integrity-check')")
            }
        }
    }
}
