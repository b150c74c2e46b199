import Testing

@testable import QuireTUI

/// The decoder alone: markers found in any split, pasted text cleaned, typed keys untouched.
@Suite("Bracketed paste decoder")
struct BracketedPasteDecoderTests {
    /// Feeds `pieces` as separate reads, then pauses if asked; returns the events.
    static func decode(_ pieces: [String], limit: Int = 1 << 20, pause: Bool = true) -> [InputEvent] {
        var decoder = BracketedPasteDecoder(limit: limit)
        var events: [InputEvent] = []
        for (index, piece) in pieces.enumerated() {
            events += decoder.events(decoding: piece.unicodeScalars, thenPause: pause && index == pieces.count - 1)
        }
        return events
    }

    static func paste(_ text: String, cut: Bool = false) -> InputEvent { .paste(PastedText(text, wasCut: cut)) }

    @Test("typed keys pass through; Esc then a character is Alt; a lone Esc is Escape after the pause")
    func typedKeys() {
        #expect(Self.decode(["jk"]) == [.key(.character("j")), .key(.character("k"))])
        #expect(Self.decode(["\u{1B}x"]) == [.key(Key(.character("x"), modifiers: .alt))])
        #expect(Self.decode(["\u{1B}"]) == [.key(Key(.escape))])
        #expect(Self.decode(["\u{1B}"], pause: false).isEmpty, "Esc waits for what may follow")
        #expect(Self.decode(["\u{04}"]) == [.key(.control("d"))])
    }

    @Test("a paste is one event: CR and CR LF become LF, tabs stay, other controls go")
    func cleanedPaste() {
        let events = Self.decode(["\u{1B}[200~one\r\ntwo\rthree\n\tfour\u{07}\u{1B}\u{7F}\u{9B}é\u{1B}[201~"])
        #expect(events == [Self.paste("one\ntwo\nthree\n\tfouré")])
    }

    @Test("markers split across reads are still found, and keys after the paste are keys")
    func splitAcrossReads() {
        let events = Self.decode(["\u{1B}", "[2", "00", "~ab", "c\u{1B}[2", "0", "1~j"])
        #expect(events == [Self.paste("abc"), .key(.character("j"))])
    }

    @Test("a sequence that only starts like a marker is the keys it was")
    func notAMarker() {
        #expect(
            Self.decode(["\u{1B}[2", "A"]) == [
                .key(Key(.character("["), modifiers: .alt)), .key(.character("2")), .key(.character("A")),
            ])
        // Inside a paste, a near end marker is text (its Esc dropped as a control).
        #expect(Self.decode(["\u{1B}[200~a\u{1B}[20b\u{1B}[201~"]) == [Self.paste("a[20b")])
    }

    @Test("a paste whose end marker never comes ends at the pause with what it has")
    func missingEndMarker() {
        var decoder = BracketedPasteDecoder()
        var events = decoder.events(decoding: "\u{1B}[200~half a paste\u{1B}[20".unicodeScalars, thenPause: false)
        #expect(events.isEmpty && decoder.isInPaste)
        events = decoder.events(decoding: "".unicodeScalars, thenPause: true)
        #expect(events == [Self.paste("half a paste")])
        #expect(!decoder.isInPaste && !decoder.isHolding)
        #expect(decoder.events(decoding: "j".unicodeScalars, thenPause: true) == [.key(.character("j"))])
    }

    @Test("a paste over the limit keeps whole characters up to it and says it was cut")
    func limit() {
        #expect(Self.decode(["\u{1B}[200~abcdefgh\u{1B}[201~"], limit: 5) == [Self.paste("abcde", cut: true)])
        #expect(Self.decode(["\u{1B}[200~ééé\u{1B}[201~"], limit: 5) == [Self.paste("éé", cut: true)])
        #expect(Self.decode(["\u{1B}[200~abc\u{1B}[201~"], limit: 3) == [Self.paste("abc")])
    }

    @Test("one-line fields get line ends and tabs as spaces")
    func singleLine() {
        #expect(PastedText("a\nb\tc").singleLine == "a b c")
    }
}
