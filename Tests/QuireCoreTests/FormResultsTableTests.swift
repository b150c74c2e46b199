import Foundation
import Testing

@testable import QuireCore

@Suite("Results table: every filled form of a family, one row each")
struct FormResultsTableTests {
    static let blank = Data(
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},{"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5},{"type":"input","inputType":"text","label":"City","model":"home.city"}]}"#
            .utf8)

    static func record(
        _ who: String, _ msgid: String, kind: AttachmentInfo.Kind = .formResult, name: String = "survey.original",
        ffn: String? = "local/survey", _ json: String?
    ) -> FormAttachmentRecord {
        FormAttachmentRecord(
            account: "main", threadID: "t1", msgid: msgid, fromAlias: who, fromUID: who.uppercased(),
            posted: "2026-12-06T08:00:0\(msgid.suffix(1))Z",
            attachment: AttachmentInfo(name: name, kind: kind, size: Int64(json?.utf8.count ?? 0), ffn: ffn),
            bytes: json.map { Data($0.utf8) })
    }

    static var records: [FormAttachmentRecord] {
        [
            record("ann", "m1", kind: .form, String(decoding: blank, as: UTF8.self)),
            record("bob", "m2", #"{"name":"Bob","stars":4,"home":{"city":"Oslo"}}"#),
            record("cat", "m3", #"{"name":"Cat","stars":10}"#),
            record("dan", "m4", #"{"name":"Dan","stars":2|"#),
            record("eve", "m5", name: "survey.v2", ffn: "local/survey", #"{"name":"Eve","stars":5,"extra":true}"#),
            record("fay", "m6", name: "other.original", ffn: "local/other", #"{"x":1}"#),
        ]
    }

    @Test("rows for every revision of the family, invalid ones kept and marked, columns from the blank form")
    func build() {
        let table = FormResultsTable.build(family: "survey", records: Self.records)
        #expect(table.rows.map(\.fromAlias) == ["bob", "cat", "dan", "eve"])
        #expect(table.fields.map(\.model) == ["name", "stars", "home.city", "extra"])
        #expect(table.rows[0].isValid && table.rows[0].answers["home.city"] == .text("Oslo"))
        #expect(table.rows[1].problems == ["stars: at most 5"])
        #expect(table.rows[2].problems == ["not valid JSON"])
        #expect(table.rows[2].rawText == #"{"name":"Dan","stars":2|"#)
        #expect(table.rows[3].formName == "survey.v2" && table.rows[3].isValid)
        #expect(table.text(table.rows[1], .status) == "stars: at most 5")
        #expect(
            table.columns.map(\.description) == [
                "who", "posted", "thread", "message", "revision", "status", "name", "stars", "home.city", "extra",
            ])
        // A form whose bytes have not arrived is a row too, marked.
        let named = FormResultsTable.build(family: "survey", records: Self.records + [Self.record("gus", "m8", nil)])
        #expect(named.rows.last?.problems == ["not downloaded yet"])
    }

    @Test("sorted by any column, numbers by value and empty cells last; filtered by any cell")
    func sortAndFilter() {
        let table = FormResultsTable.build(family: "survey", records: Self.records)
        #expect(table.view(sortedBy: .field("stars")).map(\.fromAlias) == ["bob", "eve", "cat", "dan"])
        #expect(
            table.view(sortedBy: .field("stars"), ascending: false).map(\.fromAlias) == ["cat", "eve", "bob", "dan"])
        #expect(table.view(sortedBy: .who, ascending: false).map(\.fromAlias) == ["eve", "dan", "cat", "bob"])
        #expect(table.view(sortedBy: .field("home.city")).map(\.fromAlias) == ["bob", "cat", "dan", "eve"])
        #expect(table.view(filter: "oslo").map(\.fromAlias) == ["bob"])
        #expect(table.view(filter: "JSON").map(\.fromAlias) == ["dan"])
        #expect(
            table.view(sortedBy: .field("stars"), ascending: false, filter: "2026").map(\.fromAlias) == [
                "cat", "eve", "bob", "dan",
            ])
    }

    @Test("the filter ignores case and accents, in the cells and in what is typed")
    func filterIgnoresAccents() {
        let names = ["José", "JOSÉ MARÍA", "Jose\u{301}e", "Zoë", "Łukasz", "Straße", "Jon"]
        let table = FormResultsTable.build(
            family: "survey",
            records: [Self.record("ann", "m1", kind: .form, String(decoding: Self.blank, as: UTF8.self))]
                + names.enumerated().map { index, name in
                    Self.record("p\(index)", "m\(index + 2)", #"{"name":"\#(name)","stars":3}"#)
                })
        var prepared = table
        prepared.prepareSearch()
        func matches(_ filter: String) -> [String] {
            let found = table.view(filter: filter).compactMap { $0.answers["name"]?.text }
            #expect(prepared.view(filter: filter).compactMap { $0.answers["name"]?.text } == found, "folded ahead")
            return found
        }
        #expect(matches("jose") == ["José", "JOSÉ MARÍA", "Jose\u{301}e"])
        #expect(matches("JOSÉ") == ["José", "JOSÉ MARÍA", "Jose\u{301}e"])
        #expect(matches("jose maria") == ["JOSÉ MARÍA"])
        #expect(matches("joseé") == ["Jose\u{301}e"])
        #expect(matches("zoe") == ["Zoë"])
        #expect(matches("lukasz") == ["Łukasz"])
        #expect(matches("STRASSE") == ["Straße"])
        #expect(matches("jos") == ["José", "JOSÉ MARÍA", "Jose\u{301}e"])
        #expect(matches("josé x").isEmpty)
    }

    @Test("exported as CSV, JSON and a Markdown table, nothing lost")
    func export() throws {
        let table = FormResultsTable.build(family: "survey", records: Array(Self.records.prefix(4)))
        let csv = table.csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "who,posted,thread,message,revision,status,name,stars,home.city")
        #expect(lines[1] == "bob,2026-12-06T08:00:02Z,t1,m2,survey.original,ok,Bob,4,Oslo")
        #expect(lines[3] == "dan,2026-12-06T08:00:04Z,t1,m4,survey.original,not valid JSON,,,")
        let json = try #require(try JSONSerialization.jsonObject(with: table.json()) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        #expect((rows[0]["answers"] as? [String: Any])?["stars"] as? Double == 4)
        #expect(rows[1]["valid"] as? Bool == false)
        #expect(rows[2]["text"] as? String == #"{"name":"Dan","stars":2|"#)
        let markdown = table.markdown()
        #expect(markdown.hasPrefix("| who | posted | Name | Stars | City | status |\n|---|---|---|---|---|---|\n"))
        #expect(markdown.contains("| bob | 2026-12-06T08:00:02Z | Bob | 4 | Oslo | ok |"))
    }

    @Test("a field named like a fixed column is headed answers.<model> in the CSV, so no heading repeats")
    func csvHeadingsAreUnique() {
        let blank =
            #"{"fields":[{"type":"input","inputType":"text","label":"Who","model":"who"},"#
            + #"{"type":"input","inputType":"number","label":"Rating","model":"rating"}]}"#
        let table = FormResultsTable.build(
            family: "poll",
            records: [
                Self.record("ann", "m1", kind: .form, name: "poll.original", ffn: nil, blank),
                Self.record("bob", "m2", name: "poll.original", ffn: nil, #"{"who":"Bob","rating":4}"#),
            ])
        let lines = table.csv().components(separatedBy: "\r\n")
        #expect(lines[0] == "who,posted,thread,message,revision,status,answers.who,rating")
        #expect(lines[1] == "bob,2026-12-06T08:00:02Z,t1,m2,poll.original,ok,Bob,4")
    }
}
