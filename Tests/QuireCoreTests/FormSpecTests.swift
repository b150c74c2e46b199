import Foundation
import QuireCore
import Testing

@Suite("Blank forms: vue-form-generator schemas read and checked")
struct FormSpecTests {
    static let survey = Data(
        #"""
        {"ffn": "example.org/ann/survey",
         "groups": [{"legend": "About you", "fields": [
            {"type": "input", "inputType": "text", "label": "Name", "model": "name", "required": true, "max": 20},
            {"type": "input", "inputType": "email", "label": "Email", "model": "email"},
            {"type": "label", "label": "Just text", "model": "note"}]}],
         "fields": [
            {"type": "input", "inputType": "number", "label": "Nights", "model": "nights", "min": 1, "max": 14},
            {"type": "select", "label": "Room", "model": "room", "values": ["single", {"id": "d", "name": "double"}],
             "default": "double"},
            {"type": "checkbox", "label": "Breakfast", "model": "breakfast", "default": true},
            {"type": "textArea", "label": "Wishes", "model": "wishes", "hint": "anything else"}]}
        """#.utf8)

    @Test("fields of all kinds, groups flattened after the top-level fields, labels dropped")
    func parse() throws {
        let spec = try FormSpec.parse(FormSpecTests.survey)
        #expect(spec.ffn == "example.org/ann/survey")
        #expect(spec.fields.map(\.model) == ["nights", "room", "breakfast", "wishes", "name", "email"])
        #expect(spec.fields[0].kind == .number(minimum: 1, maximum: 14))
        #expect(spec.fields[1].kind == .choice(["single", "double"]))
        #expect(spec.fields[1].defaultValue == .text("double"))
        #expect(spec.fields[2].kind == .checkbox && spec.fields[2].defaultValue == .bool(true))
        #expect(spec.fields[3].kind == .textArea && spec.fields[3].hint == "anything else")
        #expect(spec.fields[4].required && spec.fields[4].maximumLength == 20)
        #expect(spec.fields[5].kind == .email)
    }

    @Test("answers are checked: required, bounds, length, email, choices")
    func validate() throws {
        let spec = try FormSpec.parse(FormSpecTests.survey)
        let problems = spec.problems(in: [
            "nights": .number(30), "room": .text("suite"), "email": .text("not-an-address"),
            "name": .text(String(repeating: "x", count: 21)),
        ])
        #expect(problems["nights"] == "at most 14")
        #expect(problems["room"] == "not one of the choices")
        #expect(problems["email"] == "not an email address")
        #expect(problems["name"] == "at most 20 characters")
        #expect(problems["breakfast"] == nil && problems["wishes"] == nil)
        #expect(spec.problems(in: [:])["name"] == "required")
        #expect(spec.fields[0].value(fromText: " 3 ") == .number(3))
        #expect(spec.fields[0].problem(with: spec.fields[0].value(fromText: "three")) == "not a number")
        let good: [String: FormValue] = ["name": .text("Ann"), "nights": .number(2), "room": .text("single")]
        #expect(spec.problems(in: good).isEmpty)
    }

    @Test("the filled JSON is one object with sorted keys, numbers and booleans typed")
    func filledJSON() throws {
        let spec = try FormSpec.parse(FormSpecTests.survey)
        let data = spec.filledJSON(["name": .text("Zoë \"Z\""), "nights": .number(2), "breakfast": .bool(false)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"breakfast":false,"name":"Zoë \"Z\"","nights":2}"#)
    }

    @Test("malformed forms are refused with a reason")
    func malformed() {
        #expect(throws: FormSpecError.notAnObject) { try FormSpec.parse(Data("[1]".utf8)) }
        #expect(throws: FormSpecError.noFields) { try FormSpec.parse(Data(#"{"fields": []}"#.utf8)) }
        #expect(throws: FormSpecError.badField(index: 0)) {
            try FormSpec.parse(Data(#"{"fields": [{"type": "input"}]}"#.utf8))
        }
        #expect(throws: FormSpecError.duplicateModel("a")) {
            try FormSpec.parse(Data(#"{"fields": [{"model": "a"}, {"model": "a"}]}"#.utf8))
        }
        #expect(throws: FormSpecError.noOptions("s")) {
            try FormSpec.parse(Data(#"{"fields": [{"type": "select", "model": "s", "values": []}]}"#.utf8))
        }
    }
}
