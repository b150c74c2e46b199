import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite("History for a new device", .serialized)
struct NodeHistoryTests {
    @Test("a device joined later receives earlier threads, contacts, tags and read state, and can reply")
    func newDeviceGetsHistory() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")

        // Before the new device exists: one thread read and tagged, one left unread.
        let older = try await bob.client.newThread(account: "main", to: ["alice-long"], subject: "Old news", body: "a")
        let newer = try await bob.client.newThread(account: "main", to: ["alice-long"], subject: "Unread", body: "b")
        var acked: [String] = []
        for item in [older, newer] {
            try await eventually("acked") { try await bob.store.outboxItem(account: "main", id: item.id)?.msgid != nil }
            acked.append(try #require(try await bob.store.outboxItem(account: "main", id: item.id)?.msgid))
        }
        let threads = acked
        try await eventually("alice has both") {
            try await alice.store.thread(account: "main", id: threads[1]) != nil
        }
        try await alice.client.reply(account: "main", thread: threads[0], body: "noted")
        try await alice.client.setRead(true, account: "main", thread: threads[0])
        try await alice.client.setTag("Archive", added: true, account: "main", thread: threads[0])
        try await eventually("alice's outbox is empty") {
            try await alice.store.pendingOutbox(account: "main").isEmpty
        }
        let aliceThreads = try await alice.store.threads(ThreadQuery(account: "main"))

        try await alice.client.addDevice(account: "main", label: "laptop")
        let pending = EnrolmentBundle.pendingURL(account: "main", label: "laptop", home: alice.home)
        try await eventually("bundle written") { FileManager.default.fileExists(atPath: pending.path) }
        let laptop = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        try await laptop.client.join(bundle: try EnrolmentBundle.read(from: pending))
        await laptop.sync.start()
        try await laptop.waitOnline()

        try await eventually("the laptop has the history") {
            try await laptop.store.contact(account: "main", alias: "bobby-long")?.uid != nil
        }
        let laptopThreads = try await laptop.store.threads(ThreadQuery(account: "main"))
        #expect(Set(laptopThreads.map(\.id)) == Set(aliceThreads.map(\.id)))
        let old = try #require(laptopThreads.first { $0.id == threads[0] })
        #expect(old.subject == "Old news")
        #expect(old.messageCount == 2)
        #expect(old.unreadCount == 0)
        #expect(old.tags == ["Archive", "Todo"])
        let unread = try #require(laptopThreads.first { $0.id == threads[1] })
        #expect(unread.unreadCount == 1)
        let messages = try await laptop.store.messages(account: "main", thread: threads[0])
        #expect(messages.map(\.body) == ["a", "noted"])
        #expect(messages.map(\.state) == [.received, .sent])
        #expect(messages.allSatisfy { $0.forwardedBy == nil })
        #expect(try await laptop.store.contact(account: "main", alias: "bobby-long")?.uid == bob.uid)

        // The laptop can reply to all from the copied history.
        try await laptop.client.reply(account: "main", thread: threads[1], body: "from the laptop")
        try await eventually("bob has the laptop's reply") {
            try await bob.store.messages(account: "main", thread: threads[1]).contains { $0.body == "from the laptop" }
        }
        // Bob's devices are not Alice's: history posts never reach him.
        #expect(try await bob.store.threads(ThreadQuery(account: "main")).count == aliceThreads.count)
        await alice.sync.stop()
        await laptop.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }
}
