import Foundation
import Testing

@testable import QuireCore

@Suite("ClientStore: outbox and drafts")
struct OutboxAndDraftTests {
    @Test("outbox lifecycle: queued, attempted, acked once, stored as a sent message in a new thread")
    func outboxSentLifecycle() async throws {
        try await withStore { store, _ in
            let draft = Draft(account: "home", recipients: ["ann"], subject: "Lunch?", body: "Noon? #food")
            try await store.saveDraft(draft)
            let post = OutgoingPost(
                threadID: nil, subject: "Lunch?", body: "Noon? #food",
                recipients: [Recipient(alias: "ann", uid: "ANNUID")],
                dataheadJSON: #"{"alias":"me","subject":"Lunch?"}"#)
            try await store.enqueue(
                OutboxItem(
                    id: "t\(draft.id)", account: "home", kind: .post, headerJSON: #"{"op":7}"#,
                    payload: .inline(Data("Noon? #food".utf8)), draftID: draft.id, post: post))
            try await store.enqueue(OutboxItem(id: "p1", account: "home", kind: .ping, headerJSON: #"{"op":9}"#))
            await #expect(throws: ClientStoreError.duplicateOutboxItem(account: "home", id: "p1")) {
                try await store.enqueue(OutboxItem(id: "p1", account: "home", kind: .ping, headerJSON: "{}"))
            }
            var pending = try await store.pendingOutbox(account: "home")
            #expect(pending.map(\.id) == ["t\(draft.id)", "p1"])
            #expect(pending[0].payload == .inline(Data("Noon? #food".utf8)))
            #expect(pending[0].post == post)

            try await store.recordAttempt(account: "home", id: "t\(draft.id)")
            try await store.recordAttempt(account: "home", id: "t\(draft.id)")
            let sent = try await store.markSent(
                account: "home", id: "t\(draft.id)", msgid: msgid(0x77), posted: posted(day: 5))
            #expect(sent)
            // A second ack for the same id (after a resend) changes nothing.
            #expect(
                try await store.markSent(
                    account: "home", id: "t\(draft.id)", msgid: msgid(0x78), posted: posted(day: 6)) == false)

            let item = try #require(try await store.outboxItem(account: "home", id: "t\(draft.id)"))
            #expect(item.state == .sent && item.msgid == msgid(0x77) && item.attempts == 2)
            pending = try await store.pendingOutbox(account: "home")
            #expect(pending.map(\.id) == ["p1"])
            #expect(try await store.draft(account: "home", id: draft.id) == nil)

            let thread = try #require(try await store.thread(account: "home", id: msgid(0x77)))
            #expect(thread.subject == "Lunch?" && thread.unreadCount == 0 && thread.tags == ["Todo"])
            #expect(thread.hashtags == ["food"])
            let message = try #require(try await store.message(account: "home", msgid: msgid(0x77)))
            #expect(message.state == .sent && message.fromUID == "SELFUID" && message.fromAlias == "me")
            // Our post delivered back to this account from another node is not stored twice.
            #expect(
                try await store.insertReceived(received(0x77, from: "me", uid: "SELFUID"), account: "home")
                    == .duplicate)
        }
    }

    @Test("a reply is stored in its thread when acked")
    func replyAcked() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1, subject: "Plans", day: 1), account: "home")
            let post = OutgoingPost(threadID: msgid(1), subject: "", body: "Agreed", recipients: [])
            try await store.enqueue(OutboxItem(id: "tr", account: "home", kind: .post, headerJSON: "{}", post: post))
            try await store.markSent(account: "home", id: "tr", msgid: msgid(2), posted: posted(day: 2))
            let messages = try await store.messages(account: "home", thread: msgid(1))
            #expect(messages.map(\.body) == ["Hello", "Agreed"])
            #expect(try await store.thread(account: "home", id: msgid(1))?.subject == "Plans")
        }
    }

    @Test("an ack with an error marks the row failed with the reason and keeps the draft")
    func outboxFailure() async throws {
        try await withStore { store, _ in
            let draft = Draft(account: "home", recipients: ["ghost"], subject: "x", body: "y")
            try await store.saveDraft(draft)
            try await store.enqueue(
                OutboxItem(
                    id: "t1", account: "home", kind: .post, headerJSON: "{}", payload: .file(path: "/tmp/d"),
                    draftID: draft.id))
            try await store.markFailed(account: "home", id: "t1", reason: "OpenNodes: iUid X not found")
            let failed = try await store.outboxItems(account: "home", states: [.failed])
            #expect(failed.map(\.error) == ["OpenNodes: iUid X not found"])
            #expect(failed.first?.payload == .file(path: "/tmp/d"))
            #expect(try await store.pendingOutbox(account: "home").isEmpty)
            #expect(try await store.draft(account: "home", id: draft.id) != nil)
            try await store.retry(account: "home", id: "t1")
            #expect(try await store.pendingOutbox(account: "home").map(\.id) == ["t1"])
            await #expect(throws: ClientStoreError.unknownOutboxItem(account: "home", id: "zz")) {
                try await store.markFailed(account: "home", id: "zz", reason: "r")
            }
        }
    }

    @Test("drafts: save, resume, update, list, delete")
    func drafts() async throws {
        try await withStore { store, _ in
            let newThread = Draft(
                account: "home", recipients: ["ann", "team"], subject: "Hi", body: "draft 1",
                attachments: ["/tmp/a.pdf"], updated: Date(timeIntervalSince1970: 1000))
            #expect(newThread.id.hasPrefix("_") && newThread.id.count == 13)
            try await store.saveDraft(newThread)
            var reply = Draft(
                account: "home", threadID: msgid(1), body: "re",
                updated: Date(timeIntervalSince1970: 2000))
            #expect(reply.id.hasPrefix(msgid(1) + "_"))
            try await store.saveDraft(reply)
            #expect(try await store.draft(account: "home", id: newThread.id) == newThread)
            reply.body = "re, edited"
            reply.updated = Date(timeIntervalSince1970: 3000)
            try await store.saveDraft(reply)
            #expect(try await store.drafts(account: "home").map(\.body) == ["re, edited", "draft 1"])
            #expect(try await store.drafts(account: "home", thread: msgid(1)).map(\.id) == [reply.id])
            #expect(try await store.deleteDraft(account: "home", id: newThread.id))
            #expect(try await store.deleteDraft(account: "home", id: newThread.id) == false)
            #expect(try await store.drafts(account: "home").count == 1)
        }
    }

    @Test("a draft answering a form keeps which attachment is the filled form, and old rows still read")
    func formResultDrafts() async throws {
        try await withStore { store, _ in
            let draft = Draft(
                account: "home", threadID: msgid(1), body: "filled", attachments: ["/tmp/a.pdf", "/tmp/survey"],
                formResults: ["/tmp/survey": "ffn-1"], updated: Date(timeIntervalSince1970: 1000))
            try await store.saveDraft(draft)
            #expect(try await store.draft(account: "home", id: draft.id) == draft)
            #expect(
                try DraftAttachments(column: #"["/tmp/x"]"#) == DraftAttachments(files: ["/tmp/x"], formResults: [:]))
            #expect(throws: (any Error).self) { try DraftAttachments(column: "{") }
        }
    }
}
