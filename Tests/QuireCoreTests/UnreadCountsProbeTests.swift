import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite("UnreadCountsProbe: quire check's read through SQLite's C interface")
struct UnreadCountsProbeTests {
    @Test("reads the counts the store keeps, every account in the order added")
    func sameAsTheStore() async throws {
        try await withStore { store, directory in
            try await store.addAccount(Account(name: "work", siteAddress: "+work.example:8444"))
            try await store.insertReceived(received(1, day: 1), account: "home")
            try await store.insertReceived(received(2, thread: 1, day: 2), account: "home")
            try await store.insertReceived(received(3, day: 3), account: "home")
            let path = directory.url.appendingPathComponent("store.sqlite").path
            let probed = try #require(UnreadCountsProbe.read(path: path))
            #expect(
                probed == [
                    UnreadCount(account: "home", unreadThreads: 2, unreadMessages: 3),
                    UnreadCount(account: "work", unreadThreads: 0, unreadMessages: 0),
                ])
            #expect(probed == (try await store.unreadCounts()))
            try await store.setThreadRead(true, account: "home", thread: msgid(1))
            #expect(UnreadCountsProbe.read(path: path)?.first?.unreadMessages == 1)
        }
    }

    @Test("nil, and nothing created, where there is no store or not a store")
    func noStore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.url.appendingPathComponent("quire.sqlite").path
        #expect(UnreadCountsProbe.read(path: missing) == nil)
        #expect(!FileManager.default.fileExists(atPath: missing))
        let text = directory.url.appendingPathComponent("notes.txt")
        try Data("not a database, but long enough to have a header of sorts\n".utf8).write(to: text)
        #expect(UnreadCountsProbe.read(path: text.path) == nil)
        #expect(UnreadCountsProbe.read(path: directory.url.path) == nil)
    }

    @Test("nil for a store short of a migration (the usual path migrates it); a newer store's extra one is fine")
    func schemaVersion() async throws {
        try await withOneUnreadMessage { path, other in
            let last = try #require(ClientStore.knownMigrations.last)
            try await other.write { db in
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last])
            }
            #expect(UnreadCountsProbe.read(path: path) == nil)
            try await other.write { db in
                try db.execute(
                    sql: "INSERT INTO grdb_migrations (identifier) VALUES (?), ('v99 from a later quire')",
                    arguments: [last])
            }
            #expect(
                UnreadCountsProbe.read(path: path) == [
                    UnreadCount(account: "home", unreadThreads: 1, unreadMessages: 1)
                ])
            try await other.write { db in try db.execute(sql: "DROP TABLE grdb_migrations") }
            #expect(UnreadCountsProbe.read(path: path) == nil)
        }
    }

    @Test("reads the last committed counts while a writer holds a transaction open")
    func besideAWriter() async throws {
        try await withOneUnreadMessage { path, writer in
            let seen = try await writer.write { db -> [UnreadCount]? in
                try db.execute(sql: "UPDATE account_unread SET messages = messages + 41")
                return UnreadCountsProbe.read(path: path)
            }
            #expect(seen == [UnreadCount(account: "home", unreadThreads: 1, unreadMessages: 1)])
            #expect(UnreadCountsProbe.read(path: path)?.first?.unreadMessages == 42)
        }
    }

    /// A store with one unread message, its path, and a second connection to it.
    private func withOneUnreadMessage(_ body: (String, DatabaseQueue) async throws -> Void) async throws {
        try await withStore { store, directory in
            try await store.insertReceived(received(1, day: 1), account: "home")
            let path = directory.url.appendingPathComponent("store.sqlite").path
            try await body(path, try DatabaseQueue(path: path))
        }
    }
}
