import Foundation
import Testing

@testable import QuireCore

@Suite("Forms shown as fields in the reader")
struct FormDisplayTests {
    @Test("a blank form shows its fields, a filled one each field with its answer and any problem")
    func readerMarkdown() {
        let blank = AttachmentInfo(name: "survey.original", kind: .form, size: 1, storedPath: "blank")
        let filled = AttachmentInfo(name: "survey.original", kind: .formResult, size: 1, storedPath: "filled")
        let bad = AttachmentInfo(name: "survey.original", kind: .formResult, size: 1, storedPath: "bad")
        let file = AttachmentInfo(name: "notes.txt", kind: .upload, size: 1, storedPath: "notes")
        let contents: (AttachmentInfo) -> Data? = { attachment in
            switch attachment.storedPath {
            case "blank": FormResultsTableTests.blank
            case "filled": Data(#"{"name":"Zoë | Z","stars":9}"#.utf8)
            case "bad": Data("nope".utf8)
            default: Data("file".utf8)
            }
        }
        let blankText = FormDisplay.readerMarkdown(
            body: "Please fill", attachments: [blank, file], contents: contents)
        #expect(
            blankText == """
                Please fill

                **Form survey.original** to fill:

                | Field | To fill |
                |---|---|
                | Name \\* | text |
                | Stars | number from 1 up to 5 |
                | City | text |
                """)
        let answered = FormDisplay.readerMarkdown(
            body: "", attachments: [filled], threadAttachments: [blank], contents: contents)
        #expect(answered.contains("| Name \\* | Zoë \\| Z |"))
        #expect(answered.contains("| Stars | 9 **(at most 5)** |"))
        #expect(answered.contains("| City | — |"))
        let unreadable = FormDisplay.readerMarkdown(body: "x", attachments: [bad], contents: contents)
        #expect(unreadable.hasSuffix("**Answers to survey.original**: unreadable (not valid JSON)"))
        #expect(FormDisplay.readerMarkdown(body: "plain", attachments: [file], contents: contents) == "plain")
        // Not downloaded: nothing to show yet but the body.
        #expect(FormDisplay.readerMarkdown(body: "b", attachments: [filled], contents: { _ in nil }) == "b")
    }

    @Test("filled JSON of a dotted model is nested, as vue-form-generator writes it, and reads back flat")
    func nestedModels() throws {
        let spec = try FormSpec.parse(FormResultsTableTests.blank)
        let data = spec.filledJSON(["name": .text("A"), "home.city": .text("Rome")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"home":{"city":"Rome"},"name":"A"}"#)
        let read = try FilledForm.read(data)
        #expect(read.values == ["name": .text("A"), "home.city": .text("Rome")])
        #expect(read.paths == ["home.city", "name"])
    }

    @Test("a checklist takes a list of its options; typed, they are separated by commas")
    func checklist() throws {
        let spec = try FormSpec.parse(
            Data(#"{"fields":[{"type":"checklist","label":"Days","model":"days","values":["mon","tue"]}]}"#.utf8))
        let field = try #require(spec.fields.first)
        #expect(field.kind == .checklist(["mon", "tue"]))
        #expect(field.value(fromText: " mon, tue ") == .list([.text("mon"), .text("tue")]))
        #expect(field.problem(with: field.value(fromText: "mon")) == nil)
        #expect(field.problem(with: field.value(fromText: "mon, sun")) == "not one of the choices")
        #expect(field.problem(with: .text("mon")) == "not a list of choices")
        #expect(
            String(decoding: spec.filledJSON(["days": .list([.text("tue")])]), as: UTF8.self) == #"{"days":["tue"]}"#)
    }
}
