import QuireCore
import Testing

@testable import QuireTUI

/// Bracketed pastes through the app on the in-memory terminal: text where text goes, never
/// keys.
@Suite("Paste in the app")
struct PasteTests {
    static func pasted(_ text: String) -> String { "\u{1B}[200~" + text + "\u{1B}[201~" }

    @Test("in the list a paste is ignored, not read as keys")
    func ignoredInList() async throws {
        let (before, after, running) = try await AppHarness.run { app, grid, _ in
            let before = app.threadList.pane.selection
            grid.inject(raw: Self.pasted("jjjGq"))
            app.processPendingEvents()
            return (before, (app.threadList.pane.selection, grid.screenText), app.isRunning)
        }
        #expect(after.0 == before, "j and G were not taken as moves")
        #expect(running, "q was not taken for quit")
        #expect(after.1.contains("paste ignored"))
    }

    @Test("in the composer body a paste goes in literally, lines and all, and one undo removes it")
    func composerBody() async throws {
        let (body, undone, screen) = try await AppHarness.run { app, grid, _ in
            try grid.press("R", in: app)
            grid.type("Hi ", in: app)
            grid.inject(raw: Self.pasted("first line\r\n\tsecond <C-x> y\u{07}\rthird"))
            app.processPendingEvents()
            let body = (app.modal.pane as? ComposerPane)?.body.text ?? ""
            try grid.press("<C-_>", in: app)
            let undone = (app.modal.pane as? ComposerPane)?.body.text ?? ""
            return (body, undone, grid.screenText)
        }
        #expect(body.hasSuffix("Hi first line\n    second <C-x> y\nthird"))
        #expect(undone.hasSuffix("Hi "), "one undo takes back the whole paste, not the typing before it")
        #expect(screen.contains("Reply"), "the composer is still open: no binding ran")
    }

    @Test("in the subject, recipients and the Attach line a paste is one line")
    func composerOneLineFields() {
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        #expect(pane.focus == .subject)
        #expect(pane.paste(PastedText("Lunch\non Friday")) == .handled)
        #expect(pane.draft.subject == "Lunch on Friday")
        var reply = ComposerPane(replyTo: "0000018c2d5e4f10", account: "home", subject: "Plan", participants: ["ann"])
        _ = reply.handle(.edit(.cursorUp))
        #expect(reply.focus == .attachments)
        #expect(reply.paste(PastedText("~/notes\n.txt")) == .handled)
        #expect(reply.attachPath.text == "~/notes .txt", "a pasted path is typed, never dropped")
    }

    @Test("at the search prompt a paste is one line")
    func searchPrompt() async throws {
        let text = try await AppHarness.run { app, grid, _ in
            try grid.press("/", in: app)
            grid.inject(raw: Self.pasted("quarterly\nnumbers\tnow"))
            app.processPendingEvents()
            return app.promptLine.prompt?.editor.text
        }
        #expect(text == "quarterly numbers now")
    }

    @Test("a paste over 1 MB keeps its first 1 MB and says so")
    func oversized() async throws {
        let (length, screen) = try await AppHarness.run { app, grid, _ in
            try grid.press(":", in: app)
            grid.inject(raw: Self.pasted(String(repeating: "a", count: (1 << 20) + 10)))
            app.processPendingEvents()
            return (app.promptLine.prompt?.editor.text.utf8.count, grid.screenText)
        }
        #expect(length == 1 << 20)
        #expect(screen.contains("longer than 1 MB"))
    }
}
