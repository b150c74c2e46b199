import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// The app with quire's own panes (``StandardPaneProvider``) over a real store: composing,
/// replying, forwarding, the address book and forms, driven by keys on the in-memory terminal.
@Suite("App panes")
struct AppPaneTests {
    static let ann = Contact(account: AppHarness.account, alias: "Ann Lee", uid: "UANN000000000001", origin: .manual)
    static let bob = Contact(account: AppHarness.account, alias: "Bob Stone", uid: "UBOB000000000001", origin: .cc)

    /// Two contacts and a pending ping from Carol.
    static func addressBook(_ store: ClientStore) async throws {
        try await store.saveContact(ann)
        try await store.saveContact(bob)
        _ = try await store.insertNotice(
            ReceivedNotice(
                serverID: "ping-1", kind: .ping, fromAlias: "Carol Ng", fromUID: "UCAR000000000001",
                text: "hello from the conference", posted: "2026-11-29T09:00:00.000Z"),
            account: AppHarness.account)
    }

    static func outbox(_ services: AppServices) throws -> [OutboxItem] {
        let store = services.store
        return try awaitStore { try await store.pendingOutbox(account: AppHarness.account) }
    }

    @Test("c opens the composer with contact completion; what is sent becomes an outbox row")
    func composeAndSend() async throws {
        let (opened, composed, after, outbox) = try await AppHarness.run(prepare: Self.addressBook) {
            app, grid, services in
            try grid.press("c", in: app)
            let opened = grid.screenText
            grid.type("Ann", in: app)
            try grid.press("<Tab> <Enter>", in: app)
            grid.type("Lunch on Friday", in: app)
            try grid.press("<Enter> <Enter>", in: app)
            grid.type("Shall we meet at noon?", in: app)
            let composed = grid.snapshot()
            try grid.press("<C-x> y", in: app)
            return (opened, composed, grid.screenText, try Self.outbox(services))
        }
        #expect(opened.contains("Compose") && opened.contains("To:"))
        try Snapshot.verify(text: composed, named: "app-composer-80x24")
        #expect(composed.contains("Ann Lee"), "Tab completed the contact")
        #expect(after.contains("queued in the outbox"))
        #expect(after.contains("LIST"), "the composer closed after sending")
        let post = try #require(outbox.first?.post)
        #expect(outbox.count == 1)
        #expect(post.threadID == nil)
        #expect(post.subject == "Lunch on Friday")
        #expect(post.recipients.map(\.alias).contains("Ann Lee"))
        #expect(Set(post.recipients.compactMap(\.uid)).subtracting(["UME0000000000001"]) == ["UANN000000000001"])
        #expect(post.body.contains("Shall we meet at noon?"))
    }

    @Test("R on a thread in the list posts into that thread (everyone on it), quoting its last message")
    func replyAllFromList() async throws {
        let (opened, outbox) = try await AppHarness.run(prepare: Self.addressBook) { app, grid, services in
            try grid.press("R", in: app)
            let opened = grid.screenText
            try grid.press("<PgDn>", in: app)
            grid.type("Sounds good to me.", in: app)
            try grid.press("<C-x> y", in: app)
            return (opened, try Self.outbox(services))
        }
        #expect(opened.contains("Reply"))
        #expect(opened.contains("Subject: Quarterly numbers"))
        #expect(opened.contains("Bob Stone") && opened.contains("Ann Lee"), "everyone on the thread is shown")
        #expect(opened.contains("Bob Stone wrote on 2026-11-29 11:05:"))
        let post = try #require(outbox.first?.post)
        #expect(post.threadID == AppHarness.msgid(0x10))
        #expect(post.subject == "Quarterly numbers")
        #expect(
            Set(post.recipients.compactMap(\.uid)).subtracting(["UME0000000000001"]) == [
                "UANN000000000001", "UBOB000000000001",
            ])
        #expect(post.body.contains("Sounds good to me."))
        #expect(post.body.contains("> Thanks Ann, *South* looks low."))
    }

    @Test("r writes to the author alone: a new thread, Re: once, quoting under a link back to the thread")
    func replyToSenderFromList() async throws {
        let (opened, outbox) = try await AppHarness.run(prepare: Self.addressBook) { app, grid, services in
            try grid.press("r", in: app)
            let opened = grid.screenText
            try grid.press("<PgDn>", in: app)
            grid.type("Only between us.", in: app)
            try grid.press("<C-x> y", in: app)
            return (opened, try Self.outbox(services))
        }
        #expect(opened.contains("Reply to sender"))
        #expect(opened.contains("To:") && opened.contains("Bob Stone") && !opened.contains("Ann Lee,"))
        #expect(opened.contains("Subject: Re: Quarterly numbers"))
        #expect(opened.contains("About [Quarterly numbers](#\(AppHarness.msgid(0x10))):"))
        let post = try #require(outbox.first?.post)
        #expect(post.threadID == nil, "a new thread, not a post into the old one")
        #expect(post.subject == "Re: Quarterly numbers")
        #expect(Set(post.recipients.compactMap(\.uid)).subtracting(["UME0000000000001"]) == ["UBOB000000000001"])
        #expect(post.body.contains("About [Quarterly numbers](#\(AppHarness.msgid(0x10))):"))
        #expect(post.body.contains("Bob Stone wrote on 2026-11-29 11:05:\n> Thanks Ann, *South* looks low."))
        #expect(post.body.hasSuffix("Only between us."))
    }

    @Test("r on a thread of only you and the author posts into the thread")
    func replyToSenderOfTwoPersonThread() async throws {
        let (opened, outbox) = try await AppHarness.run(prepare: Self.addressBook) { app, grid, services in
            try grid.press("j r", in: app)
            let opened = grid.screenText
            grid.type("はい", in: app)
            try grid.press("<C-x> y", in: app)
            return (opened, try Self.outbox(services))
        }
        #expect(opened.contains("(everyone on the thread)") && !opened.contains("Reply to sender"))
        let post = try #require(outbox.first?.post)
        #expect(post.threadID == AppHarness.msgid(0x20))
    }

    @Test("r on your own message acts as R")
    func replyToSenderOnOwnMessage() async throws {
        let mine = ReceivedMessage(
            msgid: AppHarness.msgid(0x12), fromUID: "UME0000000000001", posted: "2026-11-29T11:30:00.000Z",
            alias: "me-myself", threadID: AppHarness.msgid(0x10), subject: "Quarterly numbers",
            recipients: [Recipient(alias: "Ann Lee", uid: "UANN000000000001")], body: "Let me check.")
        let (opened, outbox) = try await AppHarness.run(
            prepare: { store in
                try await Self.addressBook(store)
                _ = try await store.insertReceived([mine], account: AppHarness.account)
            }
        ) { app, grid, services in
            try grid.press("r", in: app)
            let opened = grid.screenText
            try grid.press("<C-x> y", in: app)
            return (opened, try Self.outbox(services))
        }
        #expect(opened.contains("(everyone on the thread)") && opened.contains("Subject: Quarterly numbers"))
        let post = try #require(outbox.first?.post)
        #expect(post.threadID == AppHarness.msgid(0x10))
    }

    @Test("in the reader: f forwards, R replies to everyone, c starts a new thread; each its own pane")
    func responsesFromReader() async throws {
        let (forward, replyAll, compose, list) = try await AppHarness.run { app, grid, _ in
            try grid.press("<Enter> f", in: app)
            let forward = grid.screenText
            try grid.press("<Esc> R", in: app)
            let replyAll = grid.screenText
            try grid.press("<Esc> c", in: app)
            let compose = grid.screenText
            try grid.press("<Esc>", in: app)
            return (forward, replyAll, compose, grid.screenText)
        }
        #expect(forward.contains("Compose") && forward.contains("Subject: Fwd: Quarterly numbers"))
        #expect(forward.contains("Forwarded message"))
        #expect(forward.contains("From: Ann Lee"), "the reader's message is the one forwarded")
        #expect(replyAll.contains("Reply") && replyAll.contains("Ann Lee wrote on 2026-11-29 10:42:"))
        #expect(replyAll.contains("Bob Stone") && !replyAll.contains("me-myself"), "everyone but you")
        #expect(compose.contains("Compose") && compose.contains("Subject:") && !compose.contains("Fwd:"))
        #expect(list.contains("READ"), "unchanged panes close on Esc and the reader is back")
    }

    @Test("A opens the address book with contacts and a pending ping, accepted with a")
    func addressBookAccept() async throws {
        let (opened, snapshot, accepted, pending) = try await AppHarness.run(prepare: Self.addressBook) {
            app, grid, services in
            try grid.press("A", in: app)
            let opened = grid.screenText
            let snapshot = grid.snapshot()
            try grid.press("a", in: app)
            let store = services.store
            let pending = try services.reader.notices(account: AppHarness.account, state: .pending)
            return (opened, snapshot, grid.screenText, pending)
        }
        #expect(opened.contains("Address book"))
        #expect(opened.contains("Ann Lee") && opened.contains("Bob Stone") && opened.contains("Carol Ng"))
        try Snapshot.verify(text: snapshot, named: "app-addressbook-80x24")
        #expect(pending.isEmpty)
        #expect(accepted.contains("accepted"))
    }

    @Test("the open address book follows the store; p pings through the command line, q typed as text")
    func addressBookRefreshAndPrompt() async throws {
        let (refreshed, prompt, sent, closed) = try await AppHarness.run(prepare: Self.addressBook) {
            app, grid, services in
            try grid.press("A", in: app)
            let store = services.store
            try awaitStore {
                try await store.saveContact(
                    Contact(account: AppHarness.account, alias: "Dora Kim", uid: "UDOR000000000001", origin: .manual))
            }
            // The change reaches the app through the inbox; wait for it, boundedly.
            for _ in 0..<500 where !grid.screenText.contains("Dora Kim") {
                Thread.sleep(forTimeInterval: 0.01)
                app.processPendingEvents()
            }
            let refreshed = grid.screenText
            try grid.press("p", in: app)
            grid.type("quinn.q", in: app)
            try grid.press("<Enter>", in: app)
            grid.type("quick hello", in: app)
            let prompt = grid.screenText
            try grid.press("<Enter>", in: app)
            let sent = grid.screenText
            try grid.press("q", in: app)
            return (refreshed, prompt, sent, grid.screenText)
        }
        #expect(refreshed.contains("Dora Kim"))
        #expect(prompt.contains("Note (Enter sends): quick hello") && prompt.contains("Address book"))
        #expect(sent.contains("ping to quinn.q queued"), "q was typed into the prompts, not taken as close")
        #expect(closed.contains("LIST") && !closed.contains("Carol Ng"))
    }

    @Test("F on a message with several forms asks which; the filled form goes to a reply composer")
    func fillForm() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = folder.appendingPathComponent("tea.json")
        try Data(
            #"{"fields":[{"type":"input","inputType":"text","label":"Your name","model":"name","required":true}]}"#
                .utf8
        ).write(to: form)
        let broken = folder.appendingPathComponent("broken.json")
        try Data("not json".utf8).write(to: broken)
        let attachments = [
            AttachmentInfo(name: "tea.json", kind: .form, size: 90, ffn: "tea.v1", storedPath: form.path),
            AttachmentInfo(name: "later.json", kind: .form, size: 90, ffn: "later.v1"),
            AttachmentInfo(name: "broken.json", kind: .form, size: 8, ffn: "broken.v1", storedPath: broken.path),
        ]
        let (asked, missing, invalid, opened, reply) = try await AppHarness.run(prepare: { store in
            let message = ReceivedMessage(
                msgid: AppHarness.msgid(0x50), fromUID: "UANN000000000001", posted: "2026-11-29T11:30:00.000Z",
                alias: "Ann Lee", subject: "Tea or coffee?", recipients: [Recipient(alias: "me-myself")],
                attachments: attachments, body: "Please fill in the form.")
            _ = try await store.insertReceived([message], account: AppHarness.account)
        }) { app, grid, _ in
            try grid.press("<Enter> F", in: app)
            let asked = grid.screenText
            grid.type("2", in: app)
            try grid.press("<Enter>", in: app)
            let missing = grid.screenText
            try grid.press("F", in: app)
            grid.type("3", in: app)
            try grid.press("<Enter>", in: app)
            let invalid = grid.screenText
            try grid.press("F", in: app)
            grid.type("1", in: app)
            try grid.press("<Enter>", in: app)
            let opened = grid.screenText
            grid.type("Zoë", in: app)
            try grid.press("<Enter>", in: app)
            return (asked, missing, invalid, opened, grid.screenText)
        }
        #expect(asked.contains("3 forms: 1 tea.json, 2 later.json, 3 broken.json; which one?"), "\(asked)")
        #expect(missing.contains("later.json is not downloaded yet"))
        #expect(invalid.contains("broken.json is not a form quire can fill"))
        #expect(opened.contains("Form tea.json") && opened.contains("Your name"))
        #expect(reply.contains("Reply") && reply.contains("Subject: Tea or coffee?"), "the form handed over")
        #expect(!reply.contains("Your name"), "the form pane is gone")
    }

    @Test("the reader shows a blank form as its fields and a filled one as each field with its answer")
    func formsAsFields() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = folder.appendingPathComponent("blank")
        try Data(
            #"{"fields":[{"type":"input","inputType":"text","label":"Your name","model":"name","required":true},{"type":"input","inputType":"number","label":"Cups","model":"cups","max":5}]}"#
                .utf8
        ).write(to: blank)
        let filled = folder.appendingPathComponent("filled")
        try Data(#"{"cups":9,"name":"Zoë"}"#.utf8).write(to: filled)
        let (screen, answers) = try await AppHarness.run(prepare: { store in
            let survey = ReceivedMessage(
                msgid: AppHarness.msgid(0x60), fromUID: "UANN000000000001", posted: "2026-11-29T11:30:00.000Z",
                alias: "Ann Lee", subject: "Tea survey", recipients: [Recipient(alias: "me-myself")],
                attachments: [
                    AttachmentInfo(name: "tea.original", kind: .form, size: 90, storedPath: blank.path)
                ], body: "Please fill in the form.")
            let answer = ReceivedMessage(
                msgid: AppHarness.msgid(0x61), fromUID: "UBOB000000000002", posted: "2026-11-29T11:40:00.000Z",
                alias: "Bob Ray", threadID: AppHarness.msgid(0x60), subject: "Tea survey",
                attachments: [
                    AttachmentInfo(name: "tea.original", kind: .formResult, size: 22, storedPath: filled.path)
                ], body: "Mine.")
            _ = try await store.insertReceived([survey, answer], account: AppHarness.account)
        }) { app, grid, _ in
            try grid.press("<Enter>", in: app)
            let first = grid.screenText
            try grid.press("G", in: app)
            return (first, grid.screenText)
        }
        #expect(screen.contains("Form tea.original to fill"), "\(screen)")
        #expect(screen.contains("Your name *") && screen.contains("number up to 5"))
        #expect(answers.contains("Answers to tea.original"), "\(answers)")
        #expect(answers.contains("Zoë") && answers.contains("9 (at most 5)"))
    }

    @Test("a filled form whose file arrives after the thread was shown is shown as answers, not as the file")
    func lateFormFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = folder.appendingPathComponent("blank")
        try Data(
            #"{"fields":[{"type":"input","inputType":"text","label":"Your name","model":"name","required":true}]}"#.utf8
        ).write(to: blank)
        let filled = folder.appendingPathComponent("filled")
        try Data(#"{"name":"Zoë"}"#.utf8).write(to: filled)
        let (before, after) = try await AppHarness.run(prepare: { store in
            let survey = ReceivedMessage(
                msgid: AppHarness.msgid(0x70), fromUID: "UANN000000000001", posted: "2026-11-29T11:30:00.000Z",
                alias: "Ann Lee", subject: "Tea survey", recipients: [Recipient(alias: "me-myself")],
                attachments: [AttachmentInfo(name: "tea.original", kind: .form, size: 99, storedPath: blank.path)],
                body: "Please fill in the form.")
            // A forwarded copy: its file comes later, with its author's confirmation.
            let answer = ReceivedMessage(
                msgid: AppHarness.msgid(0x71), fromUID: "UBOB000000000002", posted: "2026-11-29T11:40:00.000Z",
                alias: "Bob Ray", threadID: AppHarness.msgid(0x70), subject: "Tea survey",
                attachments: [AttachmentInfo(name: "tea.original", kind: .formResult, size: 14)], body: "Mine.")
            _ = try await store.insertReceived([survey, answer], account: AppHarness.account)
        }) { app, grid, services in
            try grid.press("<Enter> G", in: app)
            let before = grid.screenText
            let store = services.store
            try awaitStore {
                try await store.setAttachmentPath(
                    filled.path, account: AppHarness.account, msgid: AppHarness.msgid(0x71), kind: .formResult,
                    attachment: "tea.original")
            }
            app.settle(grid) { $0.contains("Answers to tea.original") }
            try grid.press("G", in: app)
            return (before, grid.screenText)
        }
        #expect(!before.contains("Answers to tea.original"), "\(before)")
        #expect(after.contains("Answers to tea.original") && after.contains("Zoë"), "\(after)")
    }
}

extension GridTerminal {
    /// Types text (spaces included) and lets the app handle it.
    func type(_ text: String, in app: QuireApp) {
        inject(typing: text)
        app.processPendingEvents()
        app.waitForBackgroundWork()
    }
}
