import Foundation
import QuireTestSupport
import TMTP
import Testing

@testable import QuireCore

@Suite("Thread file")
struct ThreadFileTests {
    @Test("a written thread file reads back, with its index and Cc")
    func roundTrip() throws {
        let file = ThreadFile(
            messages: [
                .init(
                    id: "0000000000000a01", fromUID: "uid-alice", posted: "2026-11-29T07:49:47.676Z",
                    subHead: PostDatahead(alias: "alice-long", threadID: "0000000000000a01", subject: "Plans"),
                    body: "Lunch on *friday*?\nüñí"),
                .init(
                    id: "0000000000000a02", fromUID: "uid-bob", posted: "2026-11-29T07:50:00.000Z",
                    subHead: PostDatahead(
                        alias: "bobby-long", threadID: "0000000000000a01", subject: "Plans",
                        attach: [.init(name: "u:menu.pdf", size: 10)]),
                    body: ""),
            ],
            cc: [
                .init(who: "alice-long", whoUID: "uid-alice", by: "alice-long", byUID: "uid-alice", date: "d"),
                .init(who: "bobby-long", whoUID: "uid-bob", by: "alice-long", byUID: "uid-alice", date: "d"),
            ])
        let bytes = try file.encoded()
        let decoded = try ThreadFile(decoding: bytes)
        #expect(decoded.cc == file.cc)
        #expect(
            decoded.messages.map {
                var read = $0; read.record = nil; return read
            } == file.messages)
        // Each record read keeps its length and checksum, as the file's index gives them.
        #expect(try decoded.messages.map(\.record) == file.messages.map { try ThreadFile.sum($0) })
        // Each head gives its body's length as the reference does.
        let text = String(decoding: bytes, as: UTF8.self)
        let bodyLength = file.messages[0].body.utf8.count
        #expect(text.dropFirst(4).hasPrefix(#"{"Id":"0000000000000a01","Size":\#(bodyLength),"#))
        #expect(!text.contains(#""Len""#))
        // The tail gives the index and Cc lengths in hex, as the reference reads it from the end.
        let tail = String(decoding: bytes.suffix(16), as: UTF8.self)
        let indexLength = try #require(Int(tail.prefix(8), radix: 16))
        let ccLength = try #require(Int(tail.suffix(8), radix: 16))
        let indexStart = bytes.count - 16 - indexLength - ccLength
        let index = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes[indexStart..<(indexStart + indexLength)]))
                as? [[String: Any]])
        #expect(index.map { $0["Id"] as? String } == ["0000000000000a01", "0000000000000a02"])
        #expect(index.map { $0["Seen"] as? String } == ["", ""])
        #expect(index.first?["Offset"] as? Int == 0)
    }

    /// The reference gives a body's length as `Size`; earlier versions of quire wrote `Len`.
    @Test(
        "reads a file in the reference client's layout, or as quire wrote it before, and refuses a wrong checksum",
        arguments: ["Size", "Len"])
    func referenceLayout(lengthKey: String) throws {
        let head =
            #"{"Id":"0000000000000001","\#(lengthKey)":5,"Posted":"2026-01-01T00:00:00Z","From":"uidA","#
            + #""SubHead":{"Alias":"alice","ThreadId":"0000000000000001","Subject":"Hi","Attach":null,"Cc":null}}"#
        var record = Array(String(format: "%04x", head.utf8.count).utf8) + Array(head.utf8) + [0x0A]
        record += Array("hello".utf8)
        let checksum = CRC32C.checksum(record)
        record.append(0x0A)
        func file(checksum: UInt32) -> [UInt8] {
            let index = Array(
                (#"[{"Id":"0000000000000001","From":"uidA","Alias":"alice","Date":"2026-01-01T00:00:00Z","#
                    + #""Subject":"Hi","Seen":"","Offset":0,"Size":\#(record.count),"Checksum":\#(checksum)}]"#).utf8)
            let cc = Array(
                #"[{"Who":"alice","By":"alice","WhoUid":"uidA","ByUid":"uidA","Date":"x","Note":"","Subscribe":true}]"#
                    .utf8)
            return record + index + cc + Array(String(format: "%08x%08x", index.count, cc.count).utf8)
        }
        let decoded = try ThreadFile(decoding: file(checksum: checksum))
        #expect(decoded.messages.map(\.body) == ["hello"])
        #expect(decoded.messages.first?.subHead.subject == "Hi")
        #expect(decoded.messages.first?.fromUID == "uidA")
        #expect(decoded.cc.map(\.whoUID) == ["uidA"])
        #expect(throws: ThreadFileError.checksum("0000000000000001")) {
            try ThreadFile(decoding: file(checksum: checksum ^ 1))
        }
        #expect(throws: ThreadFileError.truncated) { try ThreadFile(decoding: Array("short".utf8)) }
    }
}

@Suite("Forwarding end to end", .serialized)
struct ForwardingTests {
    @Test("a forwarded thread reaches the new member; members are told; replies reach everyone")
    func forwardThread() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let (alice, bob, carol) = try await TestDevice.trio(on: site, befriended: true)

        let sent = try await alice.client.newThread(
            account: "main", to: ["bobby-long"], subject: "Plans", body: "Lunch on #friday?")
        try await eventually("alice's thread acked") {
            try await alice.store.outboxItem(account: "main", id: sent.id)?.msgid != nil
        }
        let threadID = try #require(try await alice.store.outboxItem(account: "main", id: sent.id)?.msgid)
        try await eventually("bob has the thread") { try await bob.store.thread(account: "main", id: threadID) != nil }
        try await bob.client.reply(account: "main", thread: threadID, body: "Yes!")
        try await eventually("alice has the reply") {
            try await alice.store.messages(account: "main", thread: threadID).count == 2
        }

        let forward = try await alice.client.forward(account: "main", thread: threadID, to: ["carol-long"])
        #expect(forward.kind == .postNotify)
        try await eventually("carol has the forwarded thread") {
            try await carol.store.messages(account: "main", thread: threadID).count == 2
        }
        let carolThread = try #require(try await carol.store.thread(account: "main", id: threadID))
        #expect(carolThread.subject == "Plans")
        #expect(carolThread.unreadCount == 2)
        #expect(carolThread.hashtags == ["friday"])
        let copies = try await carol.store.messages(account: "main", thread: threadID)
        #expect(copies.map(\.body) == ["Lunch on #friday?", "Yes!"])
        #expect(copies.map(\.fromAlias) == ["alice-long", "bobby-long"])
        let aliceUID = try await alice.uid
        let bobUID = try await bob.uid
        let carolUID = try await carol.uid
        #expect(copies.allSatisfy { $0.forwardedBy == aliceUID || $0.forwardedBy == nil })
        // Alice (on her ack) and Bob (on the notify) confirm their own messages to Carol.
        try await eventually("carol's copies are confirmed by their authors") {
            try await carol.store.messages(account: "main", thread: threadID).allSatisfy { $0.forwardedBy == nil }
        }
        #expect(try await carol.store.search(SearchQuery(parsing: "friday")).hits.contains { $0.threadID == threadID })

        // Bob, already on the thread, is told who was added.
        try await eventually("bob has the forward notice") {
            try await bob.store.notices(account: "main", state: .pending).contains { $0.kind == .forward }
        }
        let notice = try #require(
            try await bob.store.notices(account: "main", state: .pending).first { $0.kind == .forward })
        #expect(notice.threadID == threadID)
        #expect(notice.fromUID == aliceUID)
        #expect(notice.text.contains("carol-long"))
        #expect(try await bob.store.threadMembers(account: "main", thread: threadID).compactMap(\.uid) == [carolUID])
        try await bob.client.accept(notice: notice.id)
        #expect(try await bob.store.notices(account: "main", state: .pending).isEmpty)
        try await eventually("alice records carol on the thread") {
            try await alice.store.threadMembers(account: "main", thread: threadID).compactMap(\.uid) == [carolUID]
        }

        // Carol's reply to all reaches Alice and Bob; Bob's next reply reaches Carol.
        try await carol.client.reply(account: "main", thread: threadID, body: "Count me in")
        try await eventually("alice and bob have carol's reply") {
            let atAlice = try await alice.store.messages(account: "main", thread: threadID).map(\.body)
            let atBob = try await bob.store.messages(account: "main", thread: threadID).map(\.body)
            return atAlice.contains("Count me in") && atBob.contains("Count me in")
        }
        try await bob.client.reply(account: "main", thread: threadID, body: "Great")
        try await eventually("carol has bob's reply") {
            try await carol.store.messages(account: "main", thread: threadID).map(\.body).contains("Great")
        }
        let last = try #require(try await carol.store.messages(account: "main", thread: threadID).last)
        #expect(last.forwardedBy == nil)
        #expect(last.fromUID == bobUID)

        // Forwarding to someone already on the thread is refused before anything is queued.
        await #expect(throws: OutgoingError.nobodyNew) {
            try await alice.client.forward(account: "main", thread: threadID, to: ["bobby-long"])
        }
        await alice.sync.stop()
        await bob.sync.stop()
        await carol.sync.stop()
        await site.stop()
    }
}

@Suite("Forwarded threads in the store")
struct ForwardedThreadStoreTests {
    /// The record sum of `message` with `body`: what its author's confirmation stands for.
    static func sum(_ message: ThreadFile.Message, body: String) throws -> ThreadFile.RecordSum {
        var confirmed = message
        confirmed.body = body
        confirmed.record = nil
        return try ThreadFile.sum(confirmed)
    }

    /// A store with one registered account, "main" (uid `uid-me`).
    static func store(in directory: TemporaryDirectory) async throws -> ClientStore {
        let store = try ClientStore(path: directory.url.appendingPathComponent("store.sqlite").path)
        try await store.addAccount(Account(name: "main", siteAddress: "=127.0.0.1:1", uid: "uid-me"))
        return store
    }

    @Test("a forward never adds to a thread already held; a re-delivery is stored once")
    func forwardIntoHeldThread() async throws {
        let directory = try TemporaryDirectory()
        let store = try await Self.store(in: directory)
        let root = ThreadFile.Message(
            id: "0000000000000b01", fromUID: "uid-author", posted: "2026-11-29T08:00:00.000Z",
            subHead: PostDatahead(alias: "author-long", subject: "Held"), body: "original")
        try await store.insertReceived(
            ReceivedMessage(
                msgid: root.id, fromUID: root.fromUID, posted: root.posted, subject: "Held", body: "original"),
            account: "main")
        let forged = ThreadFile.Message(
            id: "0000000000000b02", fromUID: "uid-author", posted: "2026-11-29T08:01:00.000Z",
            subHead: PostDatahead(alias: "author-long", threadID: root.id, subject: "Held"), body: "forged")
        let outcome = try await store.storeForwardedThread(
            serverID: "0000000000000c01", forwardedBy: "uid-other", threadID: root.id,
            file: ThreadFile(messages: [root, forged], cc: []), account: "main")
        #expect(outcome == .duplicate)
        #expect(try await store.messages(account: "main", thread: root.id).map(\.body) == ["original"])

        let fresh = try ThreadFile(
            decoding: ThreadFile(
                messages: [
                    .init(
                        id: "0000000000000d01", fromUID: "uid-author", posted: "2026-11-29T09:00:00.000Z",
                        subHead: PostDatahead(alias: "author-long", subject: "New to me"), body: "hello")
                ],
                cc: [.init(who: "author-long", whoUID: "uid-author", by: "author-long", byUID: "uid-author", date: "d")]
            ).encoded())
        let freshRoot = try #require(fresh.messages.first)
        for expected in [ReceiveOutcome.stored, .duplicate] {
            let result = try await store.storeForwardedThread(
                serverID: "0000000000000c02", forwardedBy: "uid-other", threadID: "0000000000000d01", file: fresh,
                account: "main")
            #expect(result == expected)
        }
        let copies = try await store.messages(account: "main", thread: "0000000000000d01")
        #expect(copies.map(\.forwardedBy) == ["uid-other"])

        // Only the author's confirmation counts; a different body flags the copy for good.
        try await store.storeConfirmation(
            serverID: "0000000000000e01", fromUID: "uid-other", threadID: "0000000000000d01",
            confirmID: "0000000000000d01", record: try Self.sum(freshRoot, body: "hello"), body: "hello",
            account: "main")
        #expect(try await store.message(account: "main", msgid: "0000000000000d01")?.forwardedBy == "uid-other")
        try await store.storeConfirmation(
            serverID: "0000000000000e02", fromUID: "uid-author", threadID: "0000000000000d01",
            confirmID: "0000000000000d01", record: try Self.sum(freshRoot, body: "hello, edited"),
            body: "hello, edited", account: "main")
        let flagged = try #require(try await store.message(account: "main", msgid: "0000000000000d01"))
        #expect(flagged.isPossiblyForged)
        #expect(flagged.forwardedBy == "uid-other, confirm failed")
        try await store.storeConfirmation(
            serverID: "0000000000000e03", fromUID: "uid-author", threadID: "0000000000000d01",
            confirmID: "0000000000000d01", record: try Self.sum(freshRoot, body: "hello"), body: "hello",
            account: "main")
        #expect(try await store.message(account: "main", msgid: "0000000000000d01")?.isPossiblyForged == true)
        #expect(
            try await store.threadMembers(account: "main", thread: "0000000000000d01").map(\.alias) == ["author-long"])
    }
}

@Suite("Forward confirmations")
struct ForwardConfirmationTests {
    @Test("a matching confirmation from the author clears the mark")
    func matchingConfirmation() async throws {
        let directory = try TemporaryDirectory()
        let store = try await ForwardedThreadStoreTests.store(in: directory)
        let file = ThreadFile(
            messages: [
                .init(
                    id: "0000000000000f01", fromUID: "uid-author", posted: "2026-11-29T09:00:00.000Z",
                    subHead: PostDatahead(alias: "author-long", subject: "Hi"), body: "same words")
            ], cc: [])
        try await store.storeForwardedThread(
            serverID: "0000000000000f02", forwardedBy: "uid-other", threadID: "0000000000000f01",
            file: try ThreadFile(decoding: try file.encoded()), account: "main")
        try await store.storeConfirmation(
            serverID: "0000000000000f03", fromUID: "uid-author", threadID: "0000000000000f01",
            confirmID: "0000000000000f01",
            record: try ForwardedThreadStoreTests.sum(try #require(file.messages.first), body: "same words"),
            body: "same words", account: "main")
        let message = try #require(try await store.message(account: "main", msgid: "0000000000000f01"))
        #expect(message.forwardedBy == nil)
        #expect(!message.isPossiblyForged)
    }

    @Test(
        "a confirmation is compared by its record's length and CRC-32C: the same body with another attachment list is flagged"
    )
    func recordComparison() async throws {
        let directory = try TemporaryDirectory()
        let store = try await ForwardedThreadStoreTests.store(in: directory)
        let original = ThreadFile.Message(
            id: "0000000000000f01", fromUID: "uid-author", posted: "2026-11-29T09:00:00.000Z",
            subHead: PostDatahead(
                alias: "author-long", threadID: "0000000000000f01", subject: "Hi",
                attach: [.init(name: "u:plan.pdf", size: 100)]),
            body: "same words")
        try await store.storeForwardedThread(
            serverID: "0000000000000f02", forwardedBy: "uid-other", threadID: "0000000000000f01",
            file: try ThreadFile(decoding: ThreadFile(messages: [original], cc: []).encoded()), account: "main")
        var tampered = original
        tampered.subHead.attach = [.init(name: "u:plan.pdf", size: 101)]
        try await store.storeConfirmation(
            serverID: "0000000000000f03", fromUID: "uid-author", threadID: "0000000000000f01",
            confirmID: "0000000000000f01", record: try ThreadFile.sum(tampered), body: "same words", account: "main")
        let message = try #require(try await store.message(account: "main", msgid: "0000000000000f01"))
        #expect(message.isPossiblyForged)
    }

    @Test("only a matching confirmation gives the copy its attachment files, each to its own kind")
    func confirmationAttachments() async throws {
        let directory = try TemporaryDirectory()
        let store = try await ForwardedThreadStoreTests.store(in: directory)
        let listed = [
            PostDatahead.AttachEntry(name: "f:tea.original", size: 90), .init(name: "r:tea.original", size: 12),
        ]
        let file = ThreadFile(
            messages: [
                .init(
                    id: "0000000000000f01", fromUID: "uid-author", posted: "2026-11-29T09:00:00.000Z",
                    subHead: PostDatahead(alias: "author-long", subject: "Hi", attach: listed), body: "same"),
                .init(
                    id: "0000000000000f02", fromUID: "uid-author", posted: "2026-11-29T09:01:00.000Z",
                    subHead: PostDatahead(alias: "author-long", subject: "Hi", attach: listed), body: "again"),
            ], cc: [])
        try await store.storeForwardedThread(
            serverID: "0000000000000f09", forwardedBy: "uid-other", threadID: "0000000000000f01",
            file: try ThreadFile(decoding: try file.encoded()), account: "main")
        func files(_ msgid: String) -> [AttachmentInfo] {
            listed.map {
                var info = AttachmentInfo(entry: $0)
                info.storedPath = "/files/\(msgid)_\(info.wireName)"
                return info
            }
        }
        try await store.storeConfirmation(
            serverID: "0000000000000f03", fromUID: "uid-author", threadID: "0000000000000f01",
            confirmID: "0000000000000f01",
            record: try ForwardedThreadStoreTests.sum(file.messages[0], body: "same"), body: "same",
            attachments: files("f01"), account: "main")
        try await store.storeConfirmation(
            serverID: "0000000000000f04", fromUID: "uid-author", threadID: "0000000000000f01",
            confirmID: "0000000000000f02",
            record: try ForwardedThreadStoreTests.sum(file.messages[1], body: "edited"), body: "edited",
            attachments: files("f02"), account: "main")
        let messages = try await store.messages(account: "main", thread: "0000000000000f01")
        #expect(
            messages.map { $0.attachments.map(\.storedPath) } == [
                ["/files/f01_f:tea.original", "/files/f01_r:tea.original"], [nil, nil],
            ])
    }

    @Test("a confirm post names the message it vouches for in the datahead")
    func confirmPost() throws {
        let item = Outgoing.confirm(
            account: "main", subHead: PostDatahead(alias: "alice-long", subject: "Plans"), threadID: "0000000000000a01",
            msgid: "0000000000000a02", posted: "2026-11-29T07:50:00.000Z", body: "Yes!",
            to: [Recipient(alias: "carol-long", uid: "uid-carol")])
        guard case .inline(let data) = item.payload else {
            Issue.record("the confirm post has no inline data")
            return
        }
        let header = try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8))
        guard case .post(let post) = header else {
            Issue.record("not a Post: \(item.headerJSON)")
            return
        }
        #expect(post.recipients.map(\.id) == ["uid-carol"])
        let parsed = try PostData(data: [UInt8](data), dataheadLength: post.dataHead)
        #expect(parsed.datahead.confirmID == "0000000000000a02")
        #expect(parsed.datahead.confirmPosted == "2026-11-29T07:50:00.000Z")
        #expect(parsed.datahead.threadID == "0000000000000a01")
        #expect(parsed.body == "Yes!")
    }
}
