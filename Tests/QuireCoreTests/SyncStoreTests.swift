import Foundation
import Testing

@testable import QuireCore

@Suite("Store writes of the sync layer")
struct SyncStoreTests {
    @Test("a ping becomes one pending notice; accepting makes a contact with a uid and queues presence")
    func pingAccept() async throws {
        try await withStore { store, directory in
            let ping = ReceivedNotice(
                serverID: msgid(1), kind: .ping, fromAlias: "bob-long", fromUID: "BUID", text: "hi",
                posted: posted(day: 1))
            #expect(try await store.storePing(ping, to: "me", account: "home") == .stored)
            #expect(try await store.storePing(ping, to: "me", account: "home") == .duplicate)
            let notices = try await store.notices(account: "home", state: .pending)
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            let client = QuireClient(
                store: store, home: QuireHome(dataDirectory: directory.url, configDirectory: directory.url))
            let accepted = try await client.accept(notice: notice.id)
            #expect(accepted.state == .accepted)
            let contact = try #require(try await store.contact(account: "home", alias: "bob-long"))
            #expect(contact.uid == "BUID")
            let outbox = try await store.pendingOutbox(account: "home")
            #expect(outbox.map(\.kind) == [.ohiEdit])
            #expect(try await store.presenceUIDs(account: "home") == ["BUID"])
        }
    }

    @Test("a ping from a blocked uid, or one whose alias belongs to another uid, is dropped")
    func pingDropped() async throws {
        try await withStore { store, _ in
            try await store.saveContact(Contact(account: "home", alias: "bob-long", uid: "BUID", origin: .manual))
            let spoof = ReceivedNotice(
                serverID: msgid(1), kind: .ping, fromAlias: "bob-long", fromUID: "EVILUID", text: "hi",
                posted: posted(day: 1))
            #expect(try await store.storePing(spoof, to: "me", account: "home") == .blocked)
            try await store.setBlocked(true, account: "home", alias: "bob-long")
            let blocked = ReceivedNotice(
                serverID: msgid(2), kind: .ping, fromAlias: "bob-long", fromUID: "BUID", text: "hi",
                posted: posted(day: 1))
            #expect(try await store.storePing(blocked, to: "me", account: "home") == .blocked)
            #expect(try await store.notices(account: "home").isEmpty)
        }
    }

    @Test("a delivery from a pinged alias teaches us its uid, once")
    func learnUID() async throws {
        try await withStore { store, _ in
            try await store.saveContact(Contact(account: "home", alias: "bob-long", origin: .pingSent))
            let message = received(1, from: "bob-long", uid: "BUID")
            // The write says what it did, and under which alias: the address book's.
            #expect(
                try await store.storeDelivery(message, account: "home")
                    == StoredDelivery(outcome: .stored, fromAlias: "bob-long"))
            #expect(
                try await store.storeDelivery(message, account: "home")
                    == StoredDelivery(outcome: .duplicate, fromAlias: nil))
            #expect(try await store.contact(account: "home", alias: "bob-long")?.uid == "BUID")
            #expect(try await store.hasSeen(account: "home", serverID: msgid(1)))
        }
    }

    @Test("member messages build the member list; our own drop removes the group")
    func members() async throws {
        try await withStore { store, _ in
            func change(_ n: Int, _ from: String, _ alias: String, _ action: MemberChange.Action) -> MemberChange {
                MemberChange(serverID: msgid(n), fromUID: from, gid: "friends1", alias: alias, action: action)
            }
            try await store.storeMemberChange(change(1, "BUID", "me", .invite), account: "home")
            try await store.storeMemberChange(change(2, "SELFUID", "me", .join), account: "home")
            try await store.storeMemberChange(change(3, "BUID", "bob-long", .join), account: "home")
            #expect(
                try await store.storeMemberChange(change(3, "BUID", "bob-long", .join), account: "home") == .duplicate)
            var members = try await store.members(account: "home", gid: "friends1")
            #expect(members.map(\.alias) == ["bob-long", "me"])
            #expect(members.allSatisfy { $0.status == .joined })
            try await store.storeMemberChange(
                change(4, "BUID", "bob-long", .alias(newAlias: "robert-long")), account: "home")
            members = try await store.members(account: "home", gid: "friends1")
            #expect(members.map(\.alias) == ["me", "robert-long"])
            #expect(try await store.groups(account: "home").first?.myAlias == "me")
            try await store.storeMemberChange(change(5, "SELFUID", "me", .drop), account: "home")
            #expect(try await store.groups(account: "home").isEmpty)
        }
    }

    @Test("node sync changes apply read state and tags, once")
    func nodeSync() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1), account: "home")
            let thread = msgid(1)
            try await store.storeNodeSync(
                serverID: msgid(9), changes: [.read(true, thread: thread), .tag("Work", added: true, thread: thread)],
                account: "home")
            var summary = try #require(try await store.thread(account: "home", id: thread))
            #expect(summary.unreadCount == 0)
            #expect(summary.tags.contains("Work"))
            #expect(
                try await store.storeNodeSync(
                    serverID: msgid(9), changes: [.read(false, thread: thread)], account: "home")
                    == .duplicate)
            summary = try #require(try await store.thread(account: "home", id: thread))
            #expect(summary.unreadCount == 0)
        }
    }
}
