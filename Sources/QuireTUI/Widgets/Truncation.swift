import QuireRender

/// Fits text into a number of columns by display width: cut at a grapheme boundary with an
/// ellipsis, or padded with spaces, so columns of a list line up whatever the script.
public enum Truncation {
    /// The ellipsis that marks cut text.
    public static let ellipsis = "…"

    /// `text` cut to at most `width` columns, ending in an ellipsis when cut.
    public static func truncate(_ text: TerminalSafeText, toWidth width: Int, ambiguousWide: Bool = false)
        -> TerminalSafeText
    {
        DisplayWidth.truncate(text, to: width, ellipsis: ellipsis, ambiguousWide: ambiguousWide)
    }

    /// `text` made exactly `width` columns: cut with an ellipsis or padded with spaces (on the
    /// right, or on the left for `.trailing`).
    public static func fit(
        _ text: TerminalSafeText,
        width: Int,
        alignment: Alignment = .leading,
        ambiguousWide: Bool = false
    ) -> TerminalSafeText {
        guard width > 0 else { return .empty }
        let cut = truncate(text, toWidth: width, ambiguousWide: ambiguousWide)
        let used = DisplayWidth.of(cut, ambiguousWide: ambiguousWide)
        // A wide character that cannot fit the last column leaves one column free.
        let padding = TerminalSafeText(sanitising: String(repeating: " ", count: max(0, width - used)))
        return alignment == .leading ? cut + padding : padding + cut
    }

    /// Which side text sits on when padded.
    public enum Alignment: Sendable, Hashable {
        case leading
        case trailing
    }

    /// `line` cut to at most `width` columns; the last span kept ends in an ellipsis when the
    /// line was cut.
    public static func truncate(_ line: DisplayLine, toWidth width: Int, ambiguousWide: Bool = false) -> DisplayLine {
        guard line.width(ambiguousWide: ambiguousWide) > width else { return line }
        guard width > 0 else { return DisplayLine() }
        let ellipsisWidth = DisplayWidth.of(ellipsis, ambiguousWide: ambiguousWide)
        var room = max(0, width - ellipsisWidth)
        var result = DisplayLine()
        for span in line.spans {
            let spanWidth = DisplayWidth.of(span.text, ambiguousWide: ambiguousWide)
            if spanWidth <= room {
                result.append(span)
                room -= spanWidth
                continue
            }
            var last = span
            let kept = DisplayWidth.truncate(span.text, to: room, ambiguousWide: ambiguousWide)
            last.text = kept + TerminalSafeText(sanitising: ellipsis)
            result.append(last)
            return result
        }
        return result
    }
}
