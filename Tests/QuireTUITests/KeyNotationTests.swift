import Testing

@testable import QuireTUI

@Suite("KeyNotation")
struct KeyNotationTests {
    @Test("sequences, chords and named keys")
    func parsing() throws {
        #expect(try KeyNotation.parse("g g") == [.character("g"), .character("g")])
        #expect(try KeyNotation.parse("gg") == [.character("g"), .character("g")])
        #expect(try KeyNotation.parse("<C-d>") == [.control("d")])
        #expect(try KeyNotation.parse("<C-D>") == [.control("d")])
        #expect(try KeyNotation.parse("<Esc>") == [Key(.escape)])
        #expect(try KeyNotation.parse("<Up><Down>") == [Key(.up), Key(.down)])
        #expect(try KeyNotation.parse("<F1> <F12>") == [Key(.function(1)), Key(.function(12))])
        #expect(try KeyNotation.parse("<PgUp> <PageDown>") == [Key(.pageUp), Key(.pageDown)])
        #expect(try KeyNotation.parse("<Home> <End>") == [Key(.home), Key(.end)])
        #expect(try KeyNotation.parse("<S-Tab>") == [Key(.tab, modifiers: .shift)])
        #expect(
            try KeyNotation.parse("<A-b> <M-f>") == [
                Key(.character("b"), modifiers: .alt), Key(.character("f"), modifiers: .alt),
            ])
        #expect(
            try KeyNotation.parse("<Space> <lt> <Eq> <Hash>")
                == ["<", "=", "#"].reduce([Key.character(" ")]) { $0 + [.character(Character($1))] })
        #expect(try KeyNotation.parse("<C-x> y") == [.control("x"), .character("y")])
        #expect(try KeyNotation.parse("日") == [.character("日")])
    }

    @Test("bad notation is reported", arguments: ["", "<C-d", "<Nope>", "<Q-x>", "   "])
    func errors(text: String) {
        #expect(throws: KeyNotation.ParseError.self) { try KeyNotation.parse(text) }
    }

    @Test("format reads back to the same keys")
    func roundTrip() throws {
        for text in [
            "g g", "<C-d>", "<Esc>", "<S-Tab>", "<A-b>", "<Space>", "<lt>", "<F5>", "<PgDn>", "<Enter>", "? /",
        ] {
            let keys = try KeyNotation.parse(text)
            #expect(try KeyNotation.parse(KeyNotation.format(keys)) == keys)
        }
    }

    @Test("terminal bytes decode to the keys the notation names")
    func codePoints() throws {
        #expect(Key(codePoint: 0x04) == .control("d"))
        #expect(Key(codePoint: 0x0D) == Key(.enter))
        #expect(Key(codePoint: 0x09) == Key(.tab))
        #expect(Key(codePoint: 0x1B) == Key(.escape))
        #expect(Key(codePoint: 0x7F) == Key(.backspace))
        #expect(Key(codePoint: 0x1F) == (try KeyNotation.parse("<C-_>"))[0])
        #expect(Key(codePoint: 0x65E5) == .character("日"))
        #expect(Key(codePoint: 0x61).typedCharacter == "a")
        #expect(Key.control("a").typedCharacter == nil)
    }
}
