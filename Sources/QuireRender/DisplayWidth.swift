/// Terminal column widths, measured per grapheme cluster (what the user sees as one character).
///
/// East Asian Wide and Fullwidth characters take two columns, and so do emoji shown as emoji
/// (emoji presentation, a VS16 selector, a ZWJ sequence, a flag). Combining marks and format
/// characters take none. East Asian Ambiguous characters take one column, or two when
/// `ambiguousWide` is set (CJK terminals draw them wide).
public enum DisplayWidth {
    /// Columns taken by `text`.
    public static func of(_ text: String, ambiguousWide: Bool = false) -> Int {
        of(Substring(text), ambiguousWide: ambiguousWide)
    }

    /// Columns taken by `text`.
    public static func of(_ text: Substring, ambiguousWide: Bool = false) -> Int {
        if let ascii = asciiWidth(text) { return ascii }
        var total = 0
        for character in text {
            total += of(character, ambiguousWide: ambiguousWide)
        }
        return total
    }

    /// Columns taken by `text`.
    public static func of(_ text: TerminalSafeText, ambiguousWide: Bool = false) -> Int {
        of(text.string, ambiguousWide: ambiguousWide)
    }

    /// Columns taken by one grapheme cluster.
    public static func of(_ character: Character, ambiguousWide: Bool = false) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F {
            if first.value < 0x20 { return 0 }
            // A keycap sequence (digit, VS16, U+20E3) is drawn as an emoji.
            return scalars.count > 1 && scalars.contains(where: { $0.value == 0xFE0F }) ? 2 : 1
        }
        if scalars.count > 1 {
            var hasTextSelector = false
            for scalar in scalars.dropFirst() {
                switch scalar.value {
                case 0xFE0F where first.properties.isEmoji:
                    return 2
                case 0x200D where first.properties.isEmoji:
                    return 2
                case 0x1F3FB...0x1F3FF:
                    return 2  // skin tone modifier
                case 0xFE0E:
                    hasTextSelector = true
                default:
                    continue
                }
            }
            if hasTextSelector && first.properties.isEmoji { return 1 }
            if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }  // regional indicator pair
        }
        return of(scalar: first, ambiguousWide: ambiguousWide)
    }

    /// Columns taken by a single scalar standing alone.
    static func of(scalar: Unicode.Scalar, ambiguousWide: Bool) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        if contains(UnicodeWidthTables.zeroWidth, value) { return 0 }
        if value >= 0x1100 && contains(UnicodeWidthTables.wide, value) { return 2 }
        if (0x1F1E6...0x1F1FF).contains(value) { return 1 }
        if ambiguousWide && contains(UnicodeWidthTables.ambiguous, value) { return 2 }
        return 1
    }

    /// Whether the character is drawn two columns wide (CJK, emoji).
    public static func isWide(_ character: Character, ambiguousWide: Bool = false) -> Bool {
        of(character, ambiguousWide: ambiguousWide) == 2
    }

    /// The longest prefix of `text` that fits in `width` columns, cutting at a grapheme
    /// boundary; with an `ellipsis`, a cut text ends with it (and still fits).
    public static func truncate(
        _ text: String,
        to width: Int,
        ellipsis: String = "",
        ambiguousWide: Bool = false
    ) -> String {
        guard width > 0 else { return "" }
        if let ascii = asciiWidth(Substring(text)), ascii <= width { return text }
        if of(text, ambiguousWide: ambiguousWide) <= width { return text }
        let ellipsisWidth = of(ellipsis, ambiguousWide: ambiguousWide)
        let room = ellipsisWidth <= width ? width - ellipsisWidth : width
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let columns = of(text[index], ambiguousWide: ambiguousWide)
            if used + columns > room { break }
            used += columns
            end = text.index(after: index)
        }
        let cut = String(text[..<end])
        return ellipsisWidth <= width ? cut + ellipsis : cut
    }

    /// Truncates safe text; cutting at a grapheme boundary keeps it safe.
    public static func truncate(
        _ text: TerminalSafeText,
        to width: Int,
        ellipsis: String = "",
        ambiguousWide: Bool = false
    ) -> TerminalSafeText {
        let safeEllipsis = Sanitiser.sanitise(ellipsis).string
        return TerminalSafeText(
            verified: truncate(text.string, to: width, ellipsis: safeEllipsis, ambiguousWide: ambiguousWide)
        )
    }

    /// Wraps plain text into lines of at most `width` columns: breaks at spaces, between wide
    /// characters, and inside words longer than a line; newlines are kept as breaks.
    public static func wrap(_ text: String, width: Int, ambiguousWide: Bool = false) -> [String] {
        let span = StyledSpan(TerminalSafeText(verified: text), style: Style(.plain))
        let wrapper = LineWrapper(width: width, ambiguousWide: ambiguousWide)
        return wrapper.wrap([span]).map(\.plainText)
    }

    /// Wraps safe text; see ``wrap(_:width:ambiguousWide:)-(String,_,_)``.
    public static func wrap(_ text: TerminalSafeText, width: Int, ambiguousWide: Bool = false) -> [TerminalSafeText] {
        wrap(text.string, width: width, ambiguousWide: ambiguousWide).map { TerminalSafeText(verified: $0) }
    }

    /// Width of printable ASCII text without looking at grapheme clusters; nil if not ASCII.
    static func asciiWidth(_ text: Substring) -> Int? {
        var count = 0
        for byte in text.utf8 {
            if byte >= 0x7F || byte < 0x20 { return nil }
            count += 1
        }
        return count
    }

    private static func contains(_ table: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = table[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
