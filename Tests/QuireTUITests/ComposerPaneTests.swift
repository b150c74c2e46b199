import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

@Suite("Composer pane")
struct ComposerPaneTests {
    static let names = ["ann", "anna", "Anton", "張偉", "😀fan", "hikers"]

    /// The draft a request carries, or nil.
    static func draft(in outcome: PaneOutcome) -> Draft? {
        switch outcome {
        case .request(.send(let draft)), .request(.saveDraft(let draft)), .request(.compose(let draft)): draft
        default: nil
        }
    }

    @Test("an empty new thread, drawn; focus starts on To")
    func empty() throws {
        let pane = ComposerPane(newThreadFrom: "home", completions: ComposerPaneTests.names)
        #expect(pane.focus == .to && pane.keyContext == .composer && !pane.hasUnsavedChanges)
        try verifyPane(pane, named: "composer-empty")
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        #expect(grid.cursor == CursorPosition(row: 0, column: 9))
    }

    @Test("Tab completes one candidate whole, shows a popup for several, cycles it, Enter takes one")
    func completion() throws {
        var pane: any ModalPane = ComposerPane(newThreadFrom: "home", completions: ComposerPaneTests.names)
        type("張", into: &pane)
        #expect(pane.handle(.edit(.complete)) == .handled)
        var composer = try #require(pane as? ComposerPane)
        #expect(composer.recipients == ["張偉"] && composer.completionCandidates == nil)
        pane = composer
        type("a", into: &pane)
        _ = pane.handle(.edit(.complete))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.completionCandidates?.candidates == ["ann", "anna", "Anton"])
        try verifyPane(composer, named: "composer-completion")
        _ = pane.handle(.edit(.complete))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.completionCandidates?.selected == 1)
        _ = pane.handle(.edit(.newline))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.recipients == ["張偉", "anna"] && composer.completionCandidates == nil)
        // An empty word moves on: Tab goes to the subject.
        _ = pane.handle(.edit(.complete))
        #expect((pane as? ComposerPane)?.focus == .subject)
        // No candidate: an error, and the text stays.
        var other = ComposerPane(newThreadFrom: "home", completions: ComposerPaneTests.names)
        _ = other.insert("zed")
        _ = other.handle(.edit(.complete))
        #expect(other.recipients == ["zed"])
        #expect(other.message == .error(safe("No contact or group starts with zed")))
    }

    @Test("aliases from the network reach the popup sanitised, and complete without their escapes")
    func hostileCompletion() throws {
        var pane = ComposerPane(
            newThreadFrom: "home", completions: ["eve\u{1B}[31mred", "eve\u{1B}]0;title\u{7}x", "bob"])
        _ = pane.insert("eve")
        _ = pane.handle(.edit(.complete))
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        let text = grid.textLines().joined()
        #expect(text.contains(" evered") && text.contains(" evex"))
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" })
        _ = pane.handle(.edit(.newline))
        #expect(pane.recipients.allSatisfy { !$0.unicodeScalars.contains { $0 == "\u{1B}" } })
    }

    @Test("send checks recipients and subject, shows why inline, and stays open")
    func sendErrors() throws {
        var pane = ComposerPane(newThreadFrom: "home", completions: ComposerPaneTests.names)
        #expect(pane.handle(.send) == .handled)
        #expect(pane.problems == [.to, .subject] && pane.focus == .to)
        #expect(pane.message == .error(safe("Not sent: add a recipient; write a subject")))
        try verifyPane(pane, named: "composer-error")
        _ = pane.insert("ann")
        #expect(pane.problems == [.subject])
    }

    @Test("a new thread: typing, attachments and editing produce the draft sent; done closes it")
    func sendNewThread() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("plan.pdf")
        try Data(repeating: 7, count: 12_345).write(to: plan)
        let notes = folder.appendingPathComponent("メモ.txt")
        try Data("hello".utf8).write(to: notes)

        var pane: any ModalPane = ComposerPane(newThreadFrom: "home", to: ["ann"], completions: ComposerPaneTests.names)
        #expect((pane as? ComposerPane)?.focus == .subject)
        type("Trip 🎒", into: &pane)
        _ = pane.handle(.edit(.cursorDown))
        #expect((pane as? ComposerPane)?.focus == .attachments)
        _ = pane.handle(.attach(path: folder.appendingPathComponent("nope").path))
        #expect((pane as? ComposerPane)?.message == .error(safe("Not attached: no file at \(folder.path)/nope")))
        _ = pane.handle(.attach(path: folder.path))
        #expect((pane as? ComposerPane)?.message == .error(safe("Not attached: \(folder.path) is a directory")))
        #expect(pane.handle(.attach(path: plan.path)) == .handled)
        _ = pane.handle(.attach(path: plan.path))
        #expect((pane as? ComposerPane)?.message == .error(safe("plan.pdf is already attached")))
        _ = pane.handle(.attach(path: notes.path))
        #expect((pane as? ComposerPane)?.message == .info(safe("Attached メモ.txt (5 B)")))
        #expect((pane as? ComposerPane)?.attachments.map(\.name) == ["plan.pdf", "メモ.txt"])
        _ = pane.handle(.edit(.newline))
        type("See you there", into: &pane)
        try verifyPane(pane, named: "composer-attachments")

        // Remove the second attachment and send.
        _ = pane.handle(.edit(.cursorUp))
        _ = pane.handle(.edit(.cursorRight))
        _ = pane.handle(.edit(.deleteBackward))
        let outcome = pane.handle(.send)
        let draft = try #require(ComposerPaneTests.draft(in: outcome))
        guard case .request(.send) = outcome else { throw Failure("not a send: \(outcome)") }
        #expect(draft.account == "home" && draft.threadID == nil)
        #expect(draft.recipients == ["ann"] && draft.subject == "Trip 🎒" && draft.body == "See you there")
        #expect(draft.attachments == [plan.standardizedFileURL.path])
        pane.complete(.send(draft), with: .failed(safe("site unreachable")))
        #expect(!pane.isFinished && (pane as? ComposerPane)?.message == .error(safe("site unreachable")))
        pane.complete(.send(draft), with: .done(safe("queued")))
        #expect(pane.isFinished)
    }

    @Test("a file removed after attaching stops the send")
    func vanishedAttachment() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.txt")
        try Data("x".utf8).write(to: file)
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        _ = pane.insert("hi")
        _ = pane.handle(.attach(path: file.path))
        try FileManager.default.removeItem(at: file)
        #expect(pane.handle(.send) == .handled)
        #expect(pane.problems == [.attachments] && pane.focus == .attachments)
    }

    @Test("the body editor: word moves, cut and paste, undo and redo, Up at the top leaves it")
    func bodyEditing() throws {
        var pane = ComposerPane(
            draft: Draft(account: "home", threadID: "t1", subject: "Re: plan"), participants: ["ann"], saved: false)
        #expect(pane.focus == .body)
        _ = pane.insert("one two three")
        _ = pane.handle(.edit(.wordLeft))
        _ = pane.handle(.edit(.cutToLineEnd))
        #expect(pane.body.text == "one two ")
        _ = pane.handle(.edit(.lineStart))
        _ = pane.handle(.edit(.paste))
        #expect(pane.body.text == "threeone two ")
        _ = pane.handle(.edit(.undo))
        #expect(pane.body.text == "one two ")
        _ = pane.handle(.edit(.redo))
        #expect(pane.body.text == "threeone two ")
        _ = pane.handle(.edit(.newline))
        _ = pane.insert("日本語")
        _ = pane.handle(.edit(.cursorUp))
        #expect(pane.focus == .body)
        _ = pane.handle(.edit(.cursorUp))
        #expect(pane.focus == .attachments)
        // A reply has no To or Subject to move to.
        _ = pane.handle(.edit(.cursorUp))
        #expect(pane.focus == .attachments)
    }

    @Test("reply: thread and subject fixed, quote included, recipients are the thread's")
    func reply() throws {
        let quoted = QuotedMessage(fromAlias: "ann", date: "Mon 10:42", subject: "Plan", body: "Shall we?\n\nYes")
        var pane = ComposerPane(
            replyTo: "0000018c2d5e4f10", account: "home", subject: "Plan", participants: ["ann", "bob"], quoting: quoted
        )
        #expect(pane.title == safe("Reply") && pane.focus == .body)
        #expect(pane.body.text == "ann wrote on Mon 10:42:\n> Shall we?\n>\n> Yes\n\n")
        _ = pane.insert("Sure")
        try verifyPane(pane, named: "composer-reply")
        let draft = try #require(ComposerPaneTests.draft(in: pane.handle(.send)))
        #expect(draft.threadID == "0000018c2d5e4f10" && draft.subject == "Plan" && draft.recipients.isEmpty)
        #expect(draft.id.hasPrefix("0000018c2d5e4f10_"))
        #expect(draft.body.hasSuffix("> Yes\n\nSure"))
    }

    @Test("reply to the sender: a new thread to the author, Re: once, a link back, the quote")
    func replyToSender() throws {
        let quoted = QuotedMessage(fromAlias: "ann", date: "Mon 10:42", subject: "Plan [v2]", body: "Shall we?")
        var pane = ComposerPane(
            replyingTo: quoted, author: "ann", thread: "0000018c2d5e4f10", account: "home",
            completions: ComposerPaneTests.names)
        #expect(pane.title == safe("Reply to sender") && pane.focus == .body && !pane.isReply)
        #expect(pane.recipients == ["ann"])
        #expect(
            pane.body.text == "About [Plan \\[v2\\]](#0000018c2d5e4f10):\n\nann wrote on Mon 10:42:\n> Shall we?\n\n")
        _ = pane.insert("Yes")
        let draft = try #require(ComposerPaneTests.draft(in: pane.handle(.send)))
        #expect(draft.threadID == nil && draft.recipients == ["ann"] && draft.subject == "Re: Plan [v2]")
        let again = QuotedMessage(fromAlias: "ann", date: "Mon", subject: "RE: Plan", body: "")
        #expect(again.replySubject == "RE: Plan", "Re: is not doubled")
    }

    @Test("forward: a new thread with the message quoted under a banner")
    func forward() throws {
        let message = QuotedMessage(fromAlias: "ann", date: "Mon", subject: "Plan", body: "Shall we?")
        var pane = ComposerPane(forwarding: message, account: "home", completions: ComposerPaneTests.names)
        #expect(pane.focus == .to && pane.threadID == nil)
        _ = pane.insert("bob")
        let draft = try #require(ComposerPaneTests.draft(in: pane.handle(.send)))
        #expect(draft.subject == "Fwd: Plan" && draft.recipients == ["bob"])
        #expect(draft.body.contains("> From: ann\n> Date: Mon\n> Subject: Plan\n>\n> Shall we?"))
    }

    @Test("the external editor's text replaces the body")
    func externalEditor() throws {
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        _ = pane.insert("Subject")
        let outcome = pane.handle(.editInEditor)
        #expect(outcome == .request(.editExternally(text: "")))
        pane.complete(.editExternally(text: ""), with: .text("From the editor\n\nsecond paragraph"))
        #expect(pane.body.text == "From the editor\n\nsecond paragraph" && pane.focus == .body)
        pane.complete(.editExternally(text: ""), with: .failed(safe("$EDITOR exited with 1")))
        #expect(pane.message == .error(safe("$EDITOR exited with 1")))
    }

    @Test("preview renders the body's Markdown at the pane width and scrolls")
    func preview() throws {
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        _ = pane.insert("Numbers")
        pane.complete(
            .editExternally(text: ""),
            with: .text(
                "# Quarterly\n\n| 区域 | Total |\n|---|---:|\n| 東京 | 12 |\n| Zoë 😀 | 7 |\n\n**bold** and a [link](https://example.org)"
            ))
        #expect(pane.handle(.preview) == .handled && pane.isPreviewing)
        try verifyPane(pane, named: "composer-preview")
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        #expect(grid.cursor == nil)
        #expect(pane.insert("x") == .ignored)
        let long = (1...40).map { "line \($0)\n" }.joined(separator: "\n")
        pane.complete(.editExternally(text: ""), with: .text(long))
        drawPane(pane, on: grid)
        let before = grid.textLines()
        #expect(before[4].hasPrefix("line 1 "))
        _ = pane.handle(.edit(.cursorDown))
        drawPane(pane, on: grid)
        #expect(grid.textLines()[4] == before[5])
        _ = pane.handle(.edit(.cancel))
        #expect(!pane.isPreviewing)
    }

    @Test("cancel: closes at once when nothing changed, asks otherwise; s saves a draft then closes")
    func cancel() throws {
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        #expect(pane.handle(.edit(.cancel)) == .close)
        _ = pane.insert("Hello")
        #expect(pane.handle(.edit(.cancel)) == .handled)
        try verifyPane(pane, named: "composer-confirm")
        #expect(pane.insert("n") == .handled && pane.hasUnsavedChanges)
        _ = pane.handle(.edit(.cancel))
        #expect(pane.insert("y") == .close)
        _ = pane.handle(.edit(.cancel))
        let outcome = pane.insert("s")
        let draft = try #require(ComposerPaneTests.draft(in: outcome))
        #expect(draft.subject == "Hello" && draft.id == pane.draftID)
        #expect(!pane.isFinished)
        pane.complete(.saveDraft(draft), with: .done(safe("Draft saved")))
        #expect(pane.isFinished && !pane.hasUnsavedChanges)
    }

    @Test("save draft keeps the id; a resumed draft is unchanged until edited")
    func drafts() throws {
        var pane = ComposerPane(newThreadFrom: "home", to: ["ann", "hikers"])
        _ = pane.insert("Walk")
        let first = try #require(ComposerPaneTests.draft(in: pane.handle(.saveDraft)))
        pane.complete(.saveDraft(first), with: .done(safe("Draft saved")))
        #expect(!pane.hasUnsavedChanges && pane.message == .info(safe("Draft saved")))
        _ = pane.insert("ing")
        let second = try #require(ComposerPaneTests.draft(in: pane.handle(.saveDraft)))
        #expect(second.id == first.id && second.subject == "Walking" && second.recipients == ["ann", "hikers"])

        var resumed = ComposerPane(draft: second, completions: [], saved: true)
        #expect(!resumed.hasUnsavedChanges && resumed.draftID == second.id)
        #expect(resumed.handle(.edit(.cancel)) == .close)
        let sent = try #require(ComposerPaneTests.draft(in: resumed.handle(.send)))
        #expect(sent.id == second.id && sent.recipients == ["ann", "hikers"] && sent.subject == "Walking")
    }

    @Test("the Attach line takes a typed path: Tab completes it, Enter attaches it; Enter alone goes to the body")
    func attachLineTakesTypedPaths() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("minutes".utf8).write(to: folder.appendingPathComponent("minutes-june.txt"))
        try Data("agenda".utf8).write(to: folder.appendingPathComponent("minutes-july.txt"))
        try Data("plan".utf8).write(to: folder.appendingPathComponent("plan.md"))
        var pane: any ModalPane = ComposerPane(newThreadFrom: "home", to: ["ann"])
        #expect(pane.handle(.edit(.newline)) == .handled)
        var composer = try #require(pane as? ComposerPane)
        #expect(composer.focus == .attachments)

        // Typed characters are kept, and Tab completes as far as the names agree.
        type(folder.path + "/min", into: &pane)
        _ = pane.handle(.edit(.complete))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.attachPath.text == folder.path + "/minutes-ju")
        let listed = try makeGrid()
        drawPane(composer, on: listed)
        #expect(listed.screenText.contains("minutes-july.txt  minutes-june.txt"), "the candidates are listed")
        type("n", into: &pane)
        _ = pane.handle(.edit(.complete))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.attachPath.text == folder.path + "/minutes-june.txt")

        // Enter attaches it and clears the line; a path that cannot be read is kept with the reason.
        _ = pane.handle(.edit(.newline))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.attachments.map(\.name) == ["minutes-june.txt"] && composer.attachPath.text.isEmpty)
        #expect(composer.focus == .attachments)
        type(folder.path + "/nothing-here", into: &pane)
        _ = pane.handle(.edit(.newline))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.attachPath.text == folder.path + "/nothing-here", "never dropped silently")
        let grid = try makeGrid()
        drawPane(composer, on: grid)
        #expect(grid.screenText.contains("Not attached"))
        _ = pane.handle(.edit(.cutToLineStart))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.attachPath.text.isEmpty)

        // Enter on the empty line goes on to the body.
        _ = pane.handle(.edit(.newline))
        composer = try #require(pane as? ComposerPane)
        #expect(composer.focus == .body && composer.draft.attachments.count == 1)
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
