import QuireCore
import Testing

@Suite("SearchQuery parsing")
struct SearchQueryTests {
    @Test("every operator parses to its term")
    func operators() throws {
        let query = try SearchQuery(
            parsing: #"plan "big launch" -draft from:ann to:"Team Blue" tag:work #urgent is:unread is:read "#
                + "before:2026-03-10 after:2026-02-28 site:Home -from:bob")
        #expect(
            query.terms == [
                .word("plan"), .phrase("big launch"), .not(.word("draft")), .from("ann"), .to("Team Blue"),
                .tag("work"), .tag("urgent"), .unread(true), .unread(false),
                .before(try #require(SearchDate(year: 2026, month: 3, day: 10))),
                .after(try #require(SearchDate(year: 2026, month: 2, day: 28))), .site("Home"), .not(.from("bob")),
            ])
    }

    @Test("operators are case-insensitive; text that is no operator stays a word")
    func words() throws {
        #expect(try SearchQuery(parsing: "FROM:Ann").terms == [.from("Ann")])
        #expect(
            try SearchQuery(parsing: "10:30 a-b - #").terms == [.word("10:30"), .word("a-b"), .word("-"), .word("#")])
        #expect(try SearchQuery(parsing: "  ").terms == [])
        #expect(try SearchQuery(parsing: #"-"exact words""#).terms == [.not(.phrase("exact words"))])
        #expect(try SearchQuery(parsing: "tag:#x").terms == [.tag("x")])
    }

    @Test(
        "bad input is refused with a clear message and position",
        arguments: [
            (#"hello "world"#, SearchQueryError.Reason.unterminatedQuote, 6),
            ("before:2026-13-01", .badDate(operator: "before", value: "2026-13-01"), 7),
            ("after:2025-02-29", .badDate(operator: "after", value: "2025-02-29"), 6),
            ("after:yesterday", .badDate(operator: "after", value: "yesterday"), 6),
            ("x from:", .missingValue(operator: "from"), 2),
            ("is:starred", .unknownStatus("starred"), 3),
            ("re:meeting", .unknownOperator("re"), 0),
            (#"from:"ann"#, .unterminatedQuote, 5),
        ])
    func errors(text: String, reason: SearchQueryError.Reason, position: Int) {
        #expect(throws: SearchQueryError(reason, at: position)) {
            try SearchQuery(parsing: text)
        }
    }

    @Test("error messages name the problem and the fix")
    func messages() {
        #expect(SearchQueryError(.unterminatedQuote, at: 6).description.contains("column 7"))
        #expect(SearchQueryError(.unknownOperator("re"), at: 0).description.contains("quotes"))
        #expect(SearchQueryError(.badDate(operator: "before", value: "x"), at: 0).description.contains("YYYY-MM-DD"))
        #expect(SearchDate(year: 2024, month: 2, day: 29) != nil)
        #expect(SearchDate("2024-2-29") == nil)
    }
}
