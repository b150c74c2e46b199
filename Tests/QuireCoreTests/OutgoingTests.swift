import Foundation
import TMTP
import Testing

@testable import QuireCore

@Suite("Outgoing ops")
struct OutgoingTests {
    let author = Outgoing.Author(uid: "AUID", alias: "alice-long")

    @Test("a new thread is a Post to uids and groups with the reference datahead and body")
    func newThread() throws {
        let item = try Outgoing.post(
            account: "home", id: "t_1", author: author,
            recipients: [
                Recipient(alias: "bob-long", uid: "BUID"), Recipient(alias: "friends1", uid: "friends1", isGroup: true),
            ],
            threadID: nil, subject: "Hello", body: "Hi *there*",
            attachments: [Outgoing.Attachment(name: "a.txt", bytes: [65, 66])])
        let header = try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8))
        guard case .post(let post) = header else {
            Issue.record("not a post: \(item.headerJSON)")
            return
        }
        #expect(post.id == "t_1")
        #expect(
            post.recipients == [
                Addressee(id: "BUID", kind: .user), Addressee(id: "friends1", kind: .groupExcludingSelf),
            ])
        guard case .inline(let data) = item.payload else {
            Issue.record("no data")
            return
        }
        #expect(Int64(data.count) == post.dataLength)
        let parsed = try PostData(data: [UInt8](data), dataheadLength: post.dataHead)
        #expect(parsed.body == "Hi *there*")
        #expect(parsed.datahead.alias == "alice-long")
        #expect(parsed.datahead.subject == "Hello")
        #expect(parsed.datahead.threadID.isEmpty)
        #expect(parsed.datahead.cc.map(\.who) == ["alice-long", "bob-long", "friends1"])
        #expect(parsed.datahead.cc.map(\.isGroup) == [false, false, true])
        #expect(parsed.attachments.map(\.entry.name) == ["u:a.txt"])
        #expect(item.post?.threadID == nil)
        #expect(item.post?.attachments.first?.name == "a.txt")
    }

    @Test("a recipient without a uid cannot be written to")
    func unknownUID() {
        #expect(throws: OutgoingError.noUID("carol-long")) {
            try Outgoing.post(
                account: "home", author: author, recipients: [Recipient(alias: "carol-long")], threadID: nil,
                subject: "s", body: "b")
        }
    }

    @Test("ping notes follow the reference limits: 140 UTF-16 units, 420 bytes")
    func pingLimits() throws {
        _ = try Outgoing.ping(
            account: "home", from: "alice-long", to: "bob-long", text: String(repeating: "€", count: 140))
        #expect(throws: OutgoingError.self) {
            try Outgoing.ping(
                account: "home", from: "alice-long", to: "bob-long", text: String(repeating: "a", count: 141))
        }
        let item = try Outgoing.ping(account: "home", id: "p1", from: "alice-long", to: "bob-long", text: "hi")
        #expect(
            try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8))
                == .ping(.init(id: "p1", from: "alice-long", to: "bob-long", dataLength: 2)))
    }

    @Test("node sync posts go to no one but our own nodes")
    func nodeSync() throws {
        let item = try Outgoing.nodeSync(
            account: "home", id: "s1", changes: [.read(true, thread: "T"), .tag("x", added: false, thread: "T")])
        guard case .post(let post) = try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8)),
            case .inline(let data) = item.payload
        else {
            Issue.record("not a post")
            return
        }
        #expect(post.recipients.isEmpty)
        let parsed = try PostData(data: [UInt8](data), dataheadLength: post.dataHead)
        #expect(parsed.datahead.nodeSync)
        let changes = try JSONDecoder().decode([NodeSyncChange].self, from: Data(parsed.body.utf8))
        #expect(changes == [.read(true, thread: "T"), .tag("x", added: false, thread: "T")])
    }
}
