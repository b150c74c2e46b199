import QuireRender
import Testing

@testable import QuireTUI

@Suite("Truncation")
struct TruncationTests {
    static let samples = [
        "plain ascii subject", "日本語の件名です", "emoji 😀 party 🎉 time", "mixed 中文 and 한국어",
        "flag 🇫🇷 and family 👨‍👩‍👧‍👦", "combining e\u{301}a\u{308}", "",
    ]

    @Test("truncated text never exceeds the width, at every width", arguments: samples)
    func truncateEveryWidth(sample: String) {
        let text = safe(sample)
        let full = DisplayWidth.of(text)
        for width in 0...(full + 2) {
            let cut = Truncation.truncate(text, toWidth: width)
            #expect(DisplayWidth.of(cut) <= width)
            if full <= width {
                #expect(cut == text)
            } else if width > 0 {
                #expect(cut.string.hasSuffix(Truncation.ellipsis))
                // Nothing is lost that would have fitted: at most one column is left free
                // (a wide character that did not fit).
                #expect(DisplayWidth.of(cut) >= width - 1)
            }
        }
    }

    @Test("fit pads or cuts to exactly the width, both alignments", arguments: samples)
    func fitExactly(sample: String) {
        for width in 1...30 {
            let leading = Truncation.fit(safe(sample), width: width)
            let trailing = Truncation.fit(safe(sample), width: width, alignment: .trailing)
            #expect(DisplayWidth.of(leading) == width)
            #expect(DisplayWidth.of(trailing) == width)
        }
    }

    @Test("a line of spans is cut inside the span that overflows, styles kept")
    func truncateLine() {
        let line = DisplayLine([
            DisplaySpan(safe("張偉"), .rowUnread), DisplaySpan(safe("  "), .row), DisplaySpan(safe("会議の議事録"), .row),
        ])
        for width in 0...14 {
            let cut = Truncation.truncate(line, toWidth: width)
            #expect(cut.width() <= width)
        }
        let cut = Truncation.truncate(line, toWidth: 9)
        #expect(cut.plainText == "張偉  会…")
        #expect(cut.spans.map(\.role) == [.ui(.rowUnread), .ui(.row), .ui(.row)])
    }

    @Test("ambiguous-width ellipsis counts two columns on CJK terminals")
    func ambiguousEllipsis() {
        let cut = Truncation.truncate(safe("abcdefgh"), toWidth: 5, ambiguousWide: true)
        #expect(DisplayWidth.of(cut, ambiguousWide: true) <= 5)
        #expect(cut.string == "abc…")
    }
}
