import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// A minimal pane over the ``ModalPane`` contract, standing in for the composer the app does
/// not ship itself: it keeps typed text and asks the app for the requests under test.
struct NotePane: ModalPane {
    var account: String
    var text = ""
    var results: [RequestResult] = []

    var keyContext: KeyContext { .composer }
    var title: TerminalSafeText { TerminalSafeText(sanitising: "Note") }

    mutating func handle(_ command: Command) -> PaneOutcome {
        switch command {
        case .saveDraft:
            return .request(.saveDraft(Draft(id: "_000000000001", account: account, subject: "Note", body: text)))
        case .send:
            return .request(
                .send(Draft(id: "_000000000002", account: account, recipients: ["Ann Lee"], subject: "Hi", body: text)))
        case .edit(.cancel):
            return .close
        default:
            return .ignored
        }
    }

    mutating func insert(_ text: String) -> PaneOutcome {
        self.text += text
        return .handled
    }

    mutating func complete(_ request: AppRequest, with result: RequestResult) {
        results.append(result)
    }

    func draw(in canvas: Canvas) {
        canvas.draw(TerminalSafeText(sanitising: "note: " + text), row: 0, column: 0, style: .plain)
        canvas.draw(
            TerminalSafeText(sanitising: "results: \(results.count)"), row: 1, column: 0, style: .plain)
    }

    func cursor(in canvas: Canvas) -> CursorPosition? {
        canvas.cursor(row: 0, column: 6 + text.count)
    }
}

@Suite("App modal panes")
struct AppModalTests {
    @Test("keys reach the pane through its bindings; its requests are carried out against the store")
    func presentsPane() async throws {
        let (typed, afterDraft, afterSend, closed, draft, outbox) = try await AppHarness.run { app, grid, services in
            let store = services.store
            try awaitStore {
                try await store.saveContact(
                    Contact(account: AppHarness.account, alias: "Ann Lee", uid: "UANN000000000001", origin: .manual))
            }
            app.present(NotePane(account: AppHarness.account))
            app.processPendingEvents()
            grid.inject(typing: "hello q")
            app.processPendingEvents()
            let typed = grid.screenText
            try grid.press("<C-x> d", in: app)
            let afterDraft = grid.screenText
            try grid.press("<C-x> y", in: app)
            let afterSend = grid.screenText
            try grid.press("<Esc>", in: app)
            let closed = grid.screenText
            let draft = try services.reader.draft(account: AppHarness.account, id: "_000000000001")?.body
            let outbox = try services.reader.queuedOutboxCount(account: AppHarness.account)
            return (typed, afterDraft, afterSend, closed, draft, outbox)
        }
        #expect(typed.contains("note: hello q"), "q is typed, not taken for quit")
        #expect(typed.contains("PANE"))
        #expect(afterDraft.contains("draft saved"))
        #expect(afterDraft.contains("results: 1"))
        #expect(afterSend.contains("queued in the outbox"))
        #expect(closed.contains("LIST"))
        #expect(draft == "hello q")
        #expect(outbox >= 1, "the send is queued while offline")
    }

    @Test("without a pane provider, compose and reply say so on the status line")
    func unavailable() async throws {
        let screen = try await AppHarness.run(paneProvider: nil) { app, grid, _ in
            try grid.press("r", in: app)
            return grid.screenText
        }
        #expect(screen.contains("the composer is not available in this build"))
    }
}
