import QuireRender

/// Places the grapheme clusters of a text into cells, the one way both terminals share so the
/// in-memory grid tests what ncurses shows.
///
/// Each cluster takes its ``DisplayWidth`` in columns. Tab and newline become a space (layout
/// expands them before drawing), zero-width clusters are dropped, and a wide cluster that would
/// cross the right edge becomes a space, so nothing ever spills past `limit`.
enum CellLayout {
    struct Placement {
        var character: Character
        var column: Int
        var width: Int
    }

    static func place(
        _ text: TerminalSafeText,
        from column: Int,
        limit: Int,
        ambiguousWide: Bool,
        _ body: (Placement) -> Void
    ) -> Int {
        var next = column
        for character in text.string {
            if next >= limit { break }
            var glyph = character
            var width: Int
            if character == "\t" || character == "\n" || character == "\r\n" {
                glyph = " "
                width = 1
            } else {
                width = DisplayWidth.of(character, ambiguousWide: ambiguousWide)
            }
            if width == 0 { continue }
            if next + width > limit {
                glyph = " "
                width = 1
            }
            if next >= 0 {
                body(Placement(character: glyph, column: next, width: width))
            }
            next += width
        }
        return max(0, next - column)
    }
}
