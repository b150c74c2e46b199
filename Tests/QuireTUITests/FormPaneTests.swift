import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

@Suite("Form pane")
struct FormPaneTests {
    static let spec = FormSpec(fields: [
        FormField(model: "name", label: "Name", kind: .text, required: true),
        FormField(model: "city", label: "都市 (city)", kind: .text, hint: "where you live"),
        FormField(model: "nights", label: "Nights", kind: .number(minimum: 1, maximum: 14), required: true),
        FormField(model: "room", label: "Room", kind: .choice(["single", "double", "suite 🛏"]), required: true),
        FormField(model: "breakfast", label: "Breakfast", kind: .checkbox),
        FormField(model: "mail", label: "Email\u{1B}[2J", kind: .email),
    ])

    static func pane(in folder: URL) -> FormPane {
        FormPane(
            account: "home", threadID: "0000018c2d5e4f10", subject: "Trip", formName: "survey.original",
            spec: spec, directory: folder)
    }

    @Test("half filled: answers typed field by field, a choice picked, the cursor on the field")
    func halfFilled() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var pane: any ModalPane = FormPaneTests.pane(in: folder)
        #expect(pane.keyContext == .prompt)
        type("Zoë", into: &pane)
        _ = pane.handle(.edit(.submit))
        type("東京", into: &pane)
        _ = pane.handle(.edit(.submit))
        type("3", into: &pane)
        _ = pane.handle(.edit(.submit))
        _ = pane.handle(.edit(.cursorRight))
        _ = pane.handle(.edit(.cursorRight))
        let form = try #require(pane as? FormPane)
        #expect(form.current == 3)
        #expect(
            form.values == [
                "name": .text("Zoë"), "city": .text("東京"), "nights": .number(3), "room": .text("double"),
                "breakfast": .bool(false),
            ])
        try verifyPane(form, named: "form-half")
        _ = pane.handle(.edit(.historyPrevious))
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        #expect(grid.cursor?.row == 4)
    }

    @Test("Enter refuses a bad answer; submit shows every problem and goes to the first")
    func validation() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var pane: any ModalPane = FormPaneTests.pane(in: folder)
        _ = pane.handle(.edit(.submit))
        #expect((pane as? FormPane)?.problems == ["name": "required"])
        #expect((pane as? FormPane)?.current == 0)
        _ = pane.handle(.edit(.complete))
        _ = pane.handle(.edit(.complete))
        type("40", into: &pane)
        _ = pane.handle(.edit(.historyNext))
        _ = pane.handle(.edit(.historyNext))
        _ = pane.handle(.edit(.historyNext))
        type("not mail", into: &pane)
        _ = pane.handle(.edit(.submit))
        #expect((pane as? FormPane)?.problems == ["name": "required", "mail": "not an email address"])
        #expect((pane as? FormPane)?.current == 5)
        _ = pane.handle(.edit(.cutLine))
        type("zoe@example.org", into: &pane)
        #expect(pane.handle(.edit(.submit)) == .handled)
        let form = try #require(pane as? FormPane)
        #expect(form.problems == ["name": "required", "nights": "at most 14", "room": "required"])
        #expect(form.current == 0 && form.filledPath == nil)
        #expect(form.message == .error(safe("3 answers need attention")))
        try verifyPane(form, named: "form-error")
    }

    @Test("submit writes the fill JSON and asks for a reply on the thread carrying it")
    func submit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var pane: any ModalPane = FormPaneTests.pane(in: folder)
        type("Ann", into: &pane)
        _ = pane.handle(.edit(.submit))
        _ = pane.handle(.edit(.submit))
        type("2", into: &pane)
        _ = pane.handle(.edit(.submit))
        type("3", into: &pane)
        _ = pane.handle(.edit(.submit))
        type(" ", into: &pane)
        _ = pane.handle(.edit(.submit))
        let outcome = pane.handle(.edit(.submit))
        guard case .request(.compose(let draft)) = outcome else { throw Failure("no compose request: \(outcome)") }
        let form = try #require(pane as? FormPane)
        let path = try #require(form.filledPath)
        #expect(draft.account == "home" && draft.threadID == "0000018c2d5e4f10" && draft.subject == "Trip")
        #expect(draft.attachments == [path] && path.hasSuffix("/survey.original") && path.hasPrefix(folder.path))
        let json = try String(contentsOfFile: path, encoding: .utf8)
        #expect(json == #"{"breakfast":true,"name":"Ann","nights":2,"room":"suite 🛏"}"#)
        pane.complete(.compose(draft), with: .done(.empty))
        #expect(pane.isFinished)
        // The composer takes the draft as unsaved, with the form attached.
        let composer = ComposerPane(draft: draft, participants: ["ann"], saved: false)
        #expect(composer.attachments.map(\.name) == ["survey.original"] && composer.hasUnsavedChanges)
        var fresh = FormPaneTests.pane(in: folder)
        #expect(fresh.handle(.edit(.cancel)) == .close)
    }
}
