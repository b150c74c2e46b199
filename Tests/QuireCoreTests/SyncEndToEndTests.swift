import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Two or three users on a real site in this process, over TLS on 127.0.0.1.
@Suite("Sync end to end", .serialized)
struct SyncEndToEndTests {
    @Test("register, ping, accept, threads and replies both ways")
    func pingAcceptThreads() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        #expect(try await alice.store.account(named: "main")?.siteName == "quire-sync-test")

        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        #expect(try await bob.store.contact(account: "main", alias: "alice-long")?.uid == alice.uid)
        #expect(try await alice.store.contact(account: "main", alias: "bobby-long")?.uid == bob.uid)
        // Bob accepted Alice's ping, so Bob tells Alice when he is online; presence lives in memory.
        let bobUID = try await bob.uid
        try await eventually("alice sees bob online") { await alice.sync.onlineContacts.contains(bobUID) }

        let sent = try await alice.client.newThread(
            account: "main", to: ["bobby-long"], subject: "Plans", body: "Lunch on #friday?")
        try await eventually("alice's thread acked") {
            try await alice.store.outboxItem(account: "main", id: sent.id)?.state == .sent
        }
        let threadID = try #require(try await alice.store.outboxItem(account: "main", id: sent.id)?.msgid)
        try await eventually("bob has the thread") { try await bob.store.thread(account: "main", id: threadID) != nil }
        let bobThread = try #require(try await bob.store.thread(account: "main", id: threadID))
        #expect(bobThread.subject == "Plans")
        #expect(bobThread.unreadCount == 1)
        #expect(bobThread.tags.contains("Todo"))
        #expect(bobThread.hashtags == ["friday"])
        let received = try #require(try await bob.store.messages(account: "main", thread: threadID).first)
        #expect(received.fromAlias == "alice-long")
        #expect(received.recipients.map(\.alias) == ["alice-long", "bobby-long"])

        try await bob.client.reply(account: "main", thread: threadID, body: "Yes!")
        try await eventually("alice has the reply") {
            try await alice.store.messages(account: "main", thread: threadID).count == 2
        }
        let messages = try await alice.store.messages(account: "main", thread: threadID)
        #expect(messages.map(\.body) == ["Lunch on #friday?", "Yes!"])
        #expect(messages.map(\.state) == [.sent, .received])
        #expect(try await alice.store.thread(account: "main", id: threadID)?.unreadCount == 1)

        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("attachments are sent after the body and saved under sanitised names")
    func attachments() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let file = alice.directory.url.appendingPathComponent("..evil name.txt")
        try Data("attached bytes".utf8).write(to: file)
        let sent = try await alice.client.newThread(
            account: "main", to: ["bobby-long"], subject: "File", body: "see attached", attachments: [file])
        try await eventually("bob has it") {
            try await bob.store.message(
                account: "main", msgid: alice.store.outboxItem(account: "main", id: sent.id)?.msgid ?? "-")
                != nil
        }
        let msgid = try #require(try await alice.store.outboxItem(account: "main", id: sent.id)?.msgid)
        let message = try #require(try await bob.store.message(account: "main", msgid: msgid))
        #expect(message.body == "see attached")
        let attachment = try #require(message.attachments.first)
        #expect(attachment.name == "..evil name.txt")
        #expect(attachment.size == 14)
        let path = try #require(attachment.storedPath)
        #expect(URL(fileURLWithPath: path).lastPathComponent == "\(msgid)_u:evil name.txt")
        #expect(FileManager.default.contents(atPath: path) == Data("attached bytes".utf8))
        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("a filled form goes out as an r: attachment carrying the blank form's FFN")
    func formResultAttachment() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let file = alice.directory.url.appendingPathComponent("survey.original")
        try Data(#"{"name":"Ada"}"#.utf8).write(to: file)
        let draft = Draft(
            account: "main", recipients: ["bobby-long"], subject: "Survey", body: "my answers",
            attachments: [file.path], formResults: [file.path: "ffn-survey"])
        try await alice.store.saveDraft(draft)
        let sent = try await alice.client.send(draft: draft.id, account: "main")
        try await eventually("bob has it") {
            try await bob.store.message(
                account: "main", msgid: alice.store.outboxItem(account: "main", id: sent.id)?.msgid ?? "-")
                != nil
        }
        let msgid = try #require(try await alice.store.outboxItem(account: "main", id: sent.id)?.msgid)
        let message = try #require(try await bob.store.message(account: "main", msgid: msgid))
        let attachment = try #require(message.attachments.first)
        #expect(attachment.kind == .formResult)
        #expect(attachment.name == "survey.original")
        #expect(attachment.ffn == "ffn-survey")
        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("group: invite, join, post to the group, reply to all, leave")
    func groups() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.client.invite(account: "main", gid: "friends-group", alias: "bobby-long", text: "join us")
        try await eventually("invitation arrives") {
            try await bob.store.notices(state: .pending).contains { $0.kind == .invite }
        }
        let invitation = try #require(try await bob.store.notices(state: .pending).first)
        #expect(invitation.gid == "friends-group")
        try await bob.client.accept(notice: invitation.id)
        #expect(
            try await alice.store.members(account: "main", gid: "friends-group").contains {
                $0.alias == "alice-long" && $0.status == .joined
            })
        try await eventually("alice sees bob join") {
            try await alice.store.members(account: "main", gid: "friends-group").contains {
                $0.alias == "bobby-long" && $0.status == .joined
            }
        }
        let post = try await alice.client.newThread(
            account: "main", to: ["friends-group"], subject: "Group news", body: "hello group")
        try await eventually("posted") {
            try await alice.store.outboxItem(account: "main", id: post.id)?.state == .sent
        }
        let threadID = try #require(try await alice.store.outboxItem(account: "main", id: post.id)?.msgid)
        try await eventually("bob has the group thread") {
            try await bob.store.thread(account: "main", id: threadID) != nil
        }
        try await bob.client.reply(account: "main", thread: threadID, body: "hello back")
        try await eventually("alice has the reply") {
            try await alice.store.messages(account: "main", thread: threadID).count == 2
        }
        let leave = try await bob.client.leave(account: "main", gid: "friends-group")
        try await eventually("bob left") {
            let sent = try await bob.store.outboxItem(account: "main", id: leave.id)?.state == .sent
            let groups = try await bob.store.groups(account: "main")
            return sent && groups.isEmpty
        }
        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("sent while the site is down, delivered once it is back")
    func offlineSend() async throws {
        var site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        await site.stop()
        try await eventually("alice notices") {
            if case .retrying = await alice.sync.state { return true }
            return false
        }
        let item = try await alice.client.newThread(
            account: "main", to: ["bobby-long"], subject: "Offline", body: "written offline")
        #expect(try await alice.store.outboxItem(account: "main", id: item.id)?.state == .queued)
        site = try await TestSite.start(reusing: site)
        try await eventually("sent after reconnecting") {
            try await alice.store.outboxItem(account: "main", id: item.id)?.state == .sent
        }
        let msgid = try #require(try await alice.store.outboxItem(account: "main", id: item.id)?.msgid)
        try await eventually("bob has it") { try await bob.store.message(account: "main", msgid: msgid) != nil }
        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("a blocked contact's posts and presence are dropped; unblocking lets them through")
    func block() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        try await bob.client.setBlocked(true, account: "main", alias: "alice-long")
        let item = try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Spam", body: "buy")
        try await eventually("sent") { try await alice.store.outboxItem(account: "main", id: item.id)?.state == .sent }
        let msgid = try #require(try await alice.store.outboxItem(account: "main", id: item.id)?.msgid)
        try await eventually("bob handled it") { try await bob.store.hasSeen(account: "main", serverID: msgid) }
        #expect(try await bob.store.message(account: "main", msgid: msgid) == nil)
        #expect(try await !bob.sync.onlineContacts.contains(alice.uid))

        try await bob.client.setBlocked(false, account: "main", alias: "alice-long")
        let second = try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Hi", body: "sorry")
        try await eventually("sent") { try await alice.store.outboxItem(account: "main", id: second.id)?.msgid != nil }
        let secondID = try #require(try await alice.store.outboxItem(account: "main", id: second.id)?.msgid)
        try await eventually("bob has it") { try await bob.store.message(account: "main", msgid: secondID) != nil }
        await alice.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("one home syncs accounts on several sites at once, each message under its own site")
    func severalSites() async throws {
        let first = try await TestSite.start(name: "quire-sync-test")
        let second = try await TestSite.start(name: "quire-sync-test")
        let carol = try await TestDevice.user("carol-long", on: first)
        let dave = try await TestDevice.user("davey-long", on: second)
        let home = try TestDevice(directory: try TemporaryDirectory(), account: "work")
        try await home.client.addAccount(name: "work", site: first.address, alias: "erin-at-work")
        try await home.client.addAccount(name: "play", site: second.address, alias: "erin-at-play")
        let supervisor = SyncSupervisor(store: home.store, configuration: home.sync.configuration)
        try await supervisor.startAll()
        try await eventually("both accounts online") {
            let states = await supervisor.states()
            return states["work"] == .online && states["play"] == .online
        }
        try await home.client.ping(account: "work", alias: "carol-long", text: "hi")
        try await home.client.ping(account: "play", alias: "davey-long", text: "hi")
        for (user, alias) in [(carol, "erin-at-work"), (dave, "erin-at-play")] {
            try await eventually("ping arrives") { try await !user.store.notices(state: .pending).isEmpty }
            let notice = try #require(try await user.store.notices(state: .pending).first)
            try await user.client.accept(notice: notice.id)
            try await user.client.newThread(account: "main", to: [alias], subject: "from \(alias)'s site", body: "x")
        }
        try await eventually("each thread under its account") {
            let work = try await home.store.threads(ThreadQuery(account: "work"))
            let play = try await home.store.threads(ThreadQuery(account: "play"))
            return work.map(\.subject) == ["from erin-at-work's site"]
                && play.map(\.subject) == ["from erin-at-play's site"]
        }
        let hits = try await home.store.search(SearchQuery(parsing: "site:quire-sync-test"))
        #expect(hits.hits.count == 2)
        await supervisor.stopAll()
        await carol.sync.stop()
        await dave.sync.stop()
        await first.stop()
        await second.stop()
    }

    @Test("leaving a site deletes its data and nothing from it is seen again")
    func leaveSite() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let supervisor = SyncSupervisor(store: alice.store, configuration: alice.sync.configuration)
        await alice.sync.stop()
        await supervisor.start("main")
        try await supervisor.remove("main")
        #expect(try await alice.store.accounts().isEmpty)
        #expect(try await alice.store.threads().isEmpty)
        #expect(try SecretsFile(home: alice.home).password(for: "main") == nil)
        try await bob.client.newThread(account: "main", to: ["alice-long"], subject: "Still there?", body: "?")
        try await eventually("bob's post is acked") { try await bob.store.pendingOutbox(account: "main").isEmpty }
        #expect(try await alice.store.threads().isEmpty)
        await bob.sync.stop()
        await site.stop()
    }

    @Test("a second device joins with an enrolment bundle and keeps read state and tags in step")
    func replicas() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")

        let request = try await alice.client.addDevice(account: "main", label: "laptop")
        let pending = EnrolmentBundle.pendingURL(account: "main", label: "laptop", home: alice.home)
        try await eventually("bundle written") { FileManager.default.fileExists(atPath: pending.path) }
        // The site may deliver the new node's notice before its ack to the request: both come.
        try await eventually("request acked") {
            try await alice.store.outboxItem(account: "main", id: request.id)?.state == .sent
        }
        let bundle = try EnrolmentBundle.read(from: pending)
        let aliceUID = try await alice.uid
        #expect(bundle.uid == aliceUID)

        let laptop = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        try await laptop.client.join(bundle: bundle)
        await laptop.sync.start()
        try await laptop.waitOnline()

        let item = try await bob.client.newThread(account: "main", to: ["alice-long"], subject: "To both", body: "x")
        try await eventually("acked") { try await bob.store.outboxItem(account: "main", id: item.id)?.msgid != nil }
        let threadID = try #require(try await bob.store.outboxItem(account: "main", id: item.id)?.msgid)
        try await eventually("both devices have it") {
            let first = try await alice.store.thread(account: "main", id: threadID)
            let second = try await laptop.store.thread(account: "main", id: threadID)
            return first != nil && second != nil
        }
        try await alice.client.setRead(true, account: "main", thread: threadID)
        try await alice.client.setTag("Work", added: true, account: "main", thread: threadID)
        try await eventually("the laptop follows") {
            let summary = try await laptop.store.thread(account: "main", id: threadID)
            return summary?.unreadCount == 0 && summary?.tags.contains("Work") == true
        }
        try await laptop.client.reply(account: "main", thread: threadID, body: "from the laptop")
        try await eventually("the first device stores its own reply as sent") {
            try await alice.store.messages(account: "main", thread: threadID).contains {
                $0.body == "from the laptop" && $0.state == .sent
            }
        }
        await alice.sync.stop()
        await laptop.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }

    @Test("a taken alias registers the account without it; a refused node password stops retries")
    func registrationAndRejection() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let copycat = try await TestDevice.user("alice-long", on: site)
        let account = try #require(try await copycat.store.account(named: "main"))
        #expect(account.uid != nil)
        #expect(account.alias == nil)
        #expect(account.error?.contains("alias refused") == true)
        await copycat.sync.stop()

        // Another account's valid-looking password: the site answers `login failed`.
        let secrets = SecretsFile(home: copycat.home)
        try secrets.setPassword(try #require(try SecretsFile(home: alice.home).password(for: "main")), for: "main")
        let restarted = try copycat.reopened()
        await restarted.sync.start()
        try await eventually("rejected") {
            if case .rejected = await restarted.sync.state { return true }
            return false
        }
        #expect(try await restarted.store.account(named: "main")?.state == .rejected)
        await restarted.sync.stop()
        await alice.sync.stop()
        await site.stop()
    }
}
