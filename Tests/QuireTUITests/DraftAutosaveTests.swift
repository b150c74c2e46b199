import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// The composer and the form pane save what is typed as a draft by themselves (here at once,
/// with no delay), into one draft, marked for recovery until the user saves, sends or discards it.
@Suite("Draft autosave and recovery")
struct DraftAutosaveTests {
    static func drafts(_ services: AppServices) throws -> [Draft] {
        let store = services.store
        return try services.reader.drafts(account: AppHarness.account)
    }

    static func recovered(_ services: AppServices) throws -> [Draft] {
        let store = services.store
        return try services.reader.recoveredDrafts()
    }

    /// `c`, then To, Subject and a line of body.
    static func writeNewThread(_ app: QuireApp, _ grid: GridTerminal, subject: String = "Lunch") throws {
        try grid.press("c", in: app)
        grid.type("bobby-example", in: app)
        try grid.press("<Enter>", in: app)
        grid.type(subject, in: app)
        try grid.press("<Enter> <Enter>", in: app)
        grid.type("Shall we meet at noon?", in: app)
    }

    @Test("typing is saved as one draft, updated as it changes; discarding deletes it")
    func autosaveAndDiscard() async throws {
        let (first, second, recovered, afterDiscard) = try await AppHarness.run(autosaveDelay: .zero) {
            app, grid, services in
            try Self.writeNewThread(app, grid)
            app.waitForAutosave()
            let first = try Self.drafts(services)
            grid.type(" Or at one.", in: app)
            app.waitForAutosave()
            let second = try Self.drafts(services)
            let recovered = try Self.recovered(services)
            try grid.press("<Esc>", in: app)
            grid.type("y", in: app)
            app.waitForAutosave()
            return (first, second, recovered, try Self.drafts(services))
        }
        #expect(first.count == 1)
        #expect(first.first?.recipients == ["bobby-example"] && first.first?.subject == "Lunch")
        #expect(first.first?.body == "Shall we meet at noon?")
        #expect(second.count == 1 && second.first?.id == first.first?.id, "the same draft, updated")
        #expect(second.first?.body == "Shall we meet at noon? Or at one.")
        #expect(recovered.map(\.id) == second.map(\.id), "marked for recovery until saved, sent or discarded")
        #expect(afterDiscard.isEmpty, "discarding a never-saved draft deletes its autosave")
    }

    @Test("a saved draft is an ordinary one; discarding later changes puts the saved one back")
    func saveThenDiscardRestores() async throws {
        let (saved, edited, restored, recovered) = try await AppHarness.run(autosaveDelay: .zero) {
            app, grid, services in
            try Self.writeNewThread(app, grid)
            try grid.press("<C-x> d", in: app)
            app.waitForAutosave()
            let saved = (try Self.drafts(services), try Self.recovered(services))
            grid.type(" Changed my mind.", in: app)
            app.waitForAutosave()
            let edited = (try Self.drafts(services), try Self.recovered(services))
            try grid.press("<Esc>", in: app)
            grid.type("y", in: app)
            app.waitForAutosave()
            return (saved, edited, try Self.drafts(services), try Self.recovered(services))
        }
        #expect(saved.0.count == 1 && saved.1.isEmpty)
        #expect(edited.0.first?.body == "Shall we meet at noon? Changed my mind." && edited.1.count == 1)
        #expect(restored.count == 1 && restored.first?.body == "Shall we meet at noon?")
        #expect(recovered.isEmpty)
    }

    @Test("a sent message leaves no recovered draft")
    func sendClearsRecovery() async throws {
        let (screen, recovered, outbox) = try await AppHarness.run(
            autosaveDelay: .zero, prepare: AppPaneTests.addressBook
        ) { app, grid, services in
            try grid.press("c", in: app)
            grid.type("Ann Lee", in: app)
            try grid.press("<Enter>", in: app)
            grid.type("Lunch", in: app)
            try grid.press("<Enter> <Enter>", in: app)
            grid.type("Shall we meet at noon?", in: app)
            app.waitForAutosave()
            try grid.press("<C-x> y", in: app)
            app.waitForAutosave()
            return (grid.screenText, try Self.recovered(services), try AppPaneTests.outbox(services))
        }
        #expect(screen.contains("queued in the outbox"), "\(screen)")
        #expect(outbox.count == 1)
        #expect(recovered.isEmpty)
    }

    @Test("the app ended with a composer open: its text is kept, told once on the next start, :draft reopens it")
    func recoveredOnNextStart() async throws {
        let home = try AppHarness.makeHome()
        defer { try? FileManager.default.removeItem(at: home.dataDirectory) }
        // A long delay: only the save on the way out can keep the text.
        try await AppHarness.run(autosaveDelay: .seconds(3600), home: home) { app, grid, _ in
            try Self.writeNewThread(app, grid, subject: "Kept on the way out")
            grid.inject(.terminateRequested)
            app.processPendingEvents()
            #expect(!app.isRunning)
            app.finish()
        }
        let (notice, reopened, drafts) = try await AppHarness.run(seed: false, home: home) { app, grid, services in
            app.draw()
            let notice = grid.screenText
            try grid.inject(keys: ":")
            grid.inject(typing: "draft")
            try grid.press("<Enter>", in: app)
            return (notice, grid.screenText, try Self.drafts(services))
        }
        #expect(notice.contains(":draft reopens the unsent draft recovered: “Kept on the way out"), "\(notice)")
        #expect(!notice.contains("Discard"), "a notice on the status line, not a question")
        #expect(reopened.contains("Kept on the way out") && reopened.contains("Shall we meet at noon?"))
        #expect(drafts.count == 1)
        let again = try await AppHarness.run(seed: false, home: home) { app, grid, _ in
            app.draw()
            return grid.screenText
        }
        #expect(!again.contains("recovered"), "told once")
    }

    @Test("a form being filled in is kept as a reply draft carrying the answers so far")
    func formAnswersAutosaved() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = folder.appendingPathComponent("tea.json")
        let fields =
            #"{"fields":[{"type":"input","inputType":"text","label":"Your name","model":"name","required":true},"#
            + #"{"type":"input","inputType":"text","label":"Drink","model":"drink"}]}"#
        try Data(fields.utf8).write(to: form)
        let attachment = AttachmentInfo(name: "tea.json", kind: .form, size: 90, ffn: "tea.v1", storedPath: form.path)
        let (opened, drafts, answers, afterEsc) = try await AppHarness.run(
            autosaveDelay: .zero,
            prepare: { store in
                let message = ReceivedMessage(
                    msgid: AppHarness.msgid(0x50), fromUID: "UANN000000000001", posted: "2026-11-29T11:30:00.000Z",
                    alias: "Ann Lee", subject: "Tea or coffee?", recipients: [Recipient(alias: "me-myself")],
                    attachments: [attachment], body: "Please fill in the form.")
                _ = try await store.insertReceived([message], account: AppHarness.account)
            }
        ) { app, grid, services in
            try grid.press("<Enter> F", in: app)
            let opened = grid.screenText
            grid.type("Zoë", in: app)
            app.waitForAutosave()
            let drafts = try Self.drafts(services)
            let answers = drafts.first?.attachments.first.flatMap { FileManager.default.contents(atPath: $0) }
            try grid.press("<Esc>", in: app)
            app.waitForAutosave()
            return (opened, drafts, answers, try Self.drafts(services))
        }
        #expect(opened.contains("Form tea.json"), "one form: F opens it without asking")
        let draft = try #require(drafts.first)
        #expect(drafts.count == 1 && draft.threadID == AppHarness.msgid(0x50) && draft.subject == "Tea or coffee?")
        #expect(draft.formResults.values.first == "tea.v1")
        let json = try #require(answers.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect(json["name"] as? String == "Zoë")
        #expect(afterEsc.isEmpty, "leaving the form discards its answers")
    }
}
