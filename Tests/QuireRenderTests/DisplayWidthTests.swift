import Testing

@testable import QuireRender

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnEach() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func eastAsianWideIsTwoColumns() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한글") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth Latin
        #expect(DisplayWidth.of("ｱｲ") == 2)  // halfwidth katakana
    }

    @Test func emojiAreTwoColumns() {
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)  // skin tone
        #expect(DisplayWidth.of("👨‍👩‍👧‍👦") == 2)  // ZWJ family
        #expect(DisplayWidth.of("🇯🇵") == 2)  // flag
        #expect(DisplayWidth.of("❤️") == 2)  // VS16
        #expect(DisplayWidth.of("1️⃣") == 2)  // keycap
        #expect(DisplayWidth.of("☺") == 1)  // text presentation by default
    }

    @Test func combiningMarksAndFormatCharactersTakeNoColumn() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Z\u{324}\u{332}\u{34E}") == 1)
        #expect(DisplayWidth.of("\u{301}") == 0)
    }

    @Test func ambiguousWidthIsAnOption() {
        #expect(DisplayWidth.of("─•…") == 3)
        #expect(DisplayWidth.of("─•…", ambiguousWide: true) == 6)
        #expect(DisplayWidth.of("abc", ambiguousWide: true) == 3)
    }

    @Test func truncateCutsAtGraphemesAndFits() {
        #expect(DisplayWidth.truncate("hello world", to: 5) == "hello")
        #expect(DisplayWidth.truncate("hello world", to: 6, ellipsis: "…") == "hello…")
        #expect(DisplayWidth.truncate("日本語", to: 5) == "日本")
        #expect(DisplayWidth.truncate("👨‍👩‍👧‍👦x", to: 1) == "")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}", to: 1) == "e\u{301}")
    }

    @Test func wrapBreaksAtSpacesAndKeepsWidth() {
        let lines = DisplayWidth.wrap("the quick brown fox jumps over the lazy dog", width: 10)
        #expect(lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
    }

    @Test func wrapBreaksLongWordsAndCJK() {
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        let cjk = DisplayWidth.wrap("日本語の文章です", width: 5)
        #expect(cjk == ["日本", "語の", "文章", "です"])
        for line in cjk { #expect(DisplayWidth.of(line) <= 5) }
    }

    @Test func wrapKeepsHardBreaksAndCollapsesSpaces() {
        #expect(DisplayWidth.wrap("a  b\nc", width: 10) == ["a b", "c"])
    }

    @Test func wrapNeverSplitsAGraphemeCluster() {
        let lines = DisplayWidth.wrap("👩‍💻👩‍💻👩‍💻", width: 3)
        #expect(lines == ["👩‍💻", "👩‍💻", "👩‍💻"])
    }

    /// The scalar-by-scalar width is only right if each of those scalars is a grapheme cluster
    /// by itself next to any other such scalar: check each against neighbours of every kind.
    @Test func scalarsMeasuredOneByOneNeverJoinACluster() {
        var joined: [UInt32] = []
        let neighbours = ["a", "é", "漢", "\u{AC00}", "ア", "Ａ", "—"]
        for value in UInt32(0x80)...0x3FFFD where DisplayWidth.standsAlone(value) {
            // Sample the large ideograph blocks; check every scalar elsewhere.
            if value >= 0x3400 && value <= 0x9FFF && value % 11 != 0 { continue }
            if value >= 0x20000 && value % 97 != 0 { continue }
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if (text + text).count != 2
                || neighbours.contains(where: { ($0 + text).count != 2 || (text + $0).count != 2 })
            {
                joined.append(value)
            }
        }
        #expect(joined.isEmpty)
    }

    @Test func mixedScriptsMeasureTheSameScalarByScalarAndByCluster() {
        let samples = [
            "Grüße, señor — “quoted” ½ ©", "日本語のテキストも少し。", "한국어 텍스트", "ＡＢＣ ｱｲｳ", "Ελληνικά кириллица",
            "box ┌─┐ arrows → ⇒ ∑", "e\u{301} combining", "👍🏽 emoji", "\u{1100}\u{1161} jamo", "🇫🇷 flag",
        ]
        for sample in samples {
            let byCluster = sample.reduce(0) { $0 + DisplayWidth.of($1) }
            #expect(DisplayWidth.of(sample) == byCluster, "\(sample)")
            let wideByCluster = sample.contains { DisplayWidth.isWide($0) }
            #expect(DisplayWidth.containsWide(Substring(sample), ambiguousWide: false) == wideByCluster)
        }
    }

    /// Letters that take two columns in two bytes (ambiguous width drawn wide) still break
    /// between characters, never inside one.
    @Test func ambiguousWideWordsBreakBetweenCharacters() {
        let lines = DisplayWidth.wrap("кириллица", width: 5, ambiguousWide: true)
        #expect(lines == ["ки", "ри", "лл", "иц", "а"])
    }

    @Test func commonWideScalarsMatchTheTables() {
        let mismatched = (UInt32(0x3000)...0xD7FF).filter { value in
            guard DisplayWidth.isCommonWide(value), let scalar = Unicode.Scalar(value) else { return false }
            return DisplayWidth.of(scalar: scalar, ambiguousWide: false) != 2
                || DisplayWidth.of(scalar: scalar, ambiguousWide: true) != 2 || !DisplayWidth.standsAlone(value)
        }
        #expect(mismatched.isEmpty)
    }
}
