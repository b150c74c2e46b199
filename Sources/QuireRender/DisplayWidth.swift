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
        let simple = UTF8Bytes.with(text) { singleScalarWidth($0, ambiguousWide: ambiguousWide) }
        if let simple { return simple }
        return clusterWidth(text, ambiguousWide: ambiguousWide)
    }

    /// Columns taken by the UTF-8 text `bytes`.
    static func of(utf8 bytes: UnsafeBufferPointer<UInt8>, ambiguousWide: Bool) -> Int {
        if let simple = singleScalarWidth(bytes, ambiguousWide: ambiguousWide) { return simple }
        return clusterWidth(Substring(String(decoding: bytes, as: UTF8.self)), ambiguousWide: ambiguousWide)
    }

    private static func clusterWidth(_ text: Substring, ambiguousWide: Bool) -> Int {
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
        of(scalarValue: scalar.value, ambiguousWide: ambiguousWide)
    }

    private static func of(scalarValue value: UInt32, ambiguousWide: Bool) -> Int {
        if value >= symbolBlockStart && value < symbolBlockStart + UInt32(symbolWidths.count) {
            let offset = Int(value - symbolBlockStart)
            return Int(ambiguousWide ? symbolWidthsAmbiguousWide[offset] : symbolWidths[offset])
        }
        return searchedWidth(value, ambiguousWide: ambiguousWide)
    }

    /// U+2000-U+2FFF: punctuation, arrows, technical symbols, box drawing, blocks and shapes.
    /// Rules, table borders and chart bars are made of them, so their widths are looked up in
    /// a table made once instead of searched for every character.
    private static let symbolBlockStart: UInt32 = 0x2000
    private static let symbolWidths: [UInt8] = (0x2000..<0x3000).map {
        UInt8(searchedWidth($0, ambiguousWide: false))
    }
    private static let symbolWidthsAmbiguousWide: [UInt8] = (0x2000..<0x3000).map {
        UInt8(searchedWidth($0, ambiguousWide: true))
    }

    private static func searchedWidth(_ value: UInt32, ambiguousWide: Bool) -> Int {
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        if contains(UnicodeWidthTables.zeroWidth, value) { return 0 }
        if value >= 0x1100 && contains(UnicodeWidthTables.wide, value) { return 2 }
        if (0x1F1E6...0x1F1FF).contains(value) { return 1 }
        if ambiguousWide && contains(UnicodeWidthTables.ambiguous, value) { return 2 }
        return 1
    }

    /// Width of text in which every scalar is a grapheme cluster by itself, added up scalar by
    /// scalar from the UTF-8 bytes; nil when some scalar might join a cluster (combining marks,
    /// joiners, selectors, jamo, regional indicators), which the cluster walk then handles.
    ///
    /// Grapheme clustering costs far more than the width lookup, and almost all text (ASCII,
    /// Latin, CJK ideographs, kana, Hangul syllables) never forms multi-scalar clusters.
    static func singleScalarWidth(_ bytes: UnsafeBufferPointer<UInt8>, ambiguousWide: Bool) -> Int? {
        var total = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte < 0x7F { total += 1 }
                index += 1
                continue
            }
            let (value, length) = UTF8Bytes.scalarValue(at: index, in: bytes)
            if isCommonWide(value) {
                total += 2
            } else {
                guard standsAlone(value) else { return nil }
                total += of(scalarValue: value, ambiguousWide: ambiguousWide)
            }
            index += length
        }
        return total
    }

    /// Kana, CJK unified ideographs and Hangul syllables: wide, each a cluster of its own, and
    /// most of the non-Latin text there is, so they skip the table searches.
    static func isCommonWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x3041...0x3096, 0x309B...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3: true
        default: false
        }
    }

    /// Whether a non-ASCII scalar always forms a grapheme cluster by itself when none of its
    /// neighbours is a combining mark, joiner, selector, jamo or regional indicator: its
    /// Grapheme_Cluster_Break property is Other and it is not a jamo.
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0...0xAC, 0xAE...0x2FF,  // Latin-1, Latin Extended, IPA, spacing modifiers
            0x370...0x482, 0x48A...0x52F,  // Greek, Cyrillic (not their combining marks)
            0x2010...0x2027, 0x2030...0x205E,  // general punctuation (not format characters)
            0x2190...0x2BFF,  // arrows, mathematical and technical symbols, box drawing, shapes
            0x3000...0x3029, 0x3030...0x303F,  // CJK symbols and punctuation (not tone marks)
            0x3041...0x3096, 0x309B...0x30FF,  // kana (not combining voicing marks)
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x3FFFD,  // CJK ideographs
            0xAC00...0xD7A3,  // Hangul syllables
            0xFF01...0xFF9D:  // fullwidth and halfwidth forms (not halfwidth voicing marks)
            return true
        default:
            return false
        }
    }

    /// Whether text holds a character drawn two columns wide (CJK, emoji).
    static func containsWide(_ text: Substring, ambiguousWide: Bool) -> Bool {
        UTF8Bytes.with(text) { containsWide(utf8: $0, ambiguousWide: ambiguousWide) }
    }

    /// Whether the UTF-8 text `bytes` holds a character drawn two columns wide.
    static func containsWide(utf8 bytes: UnsafeBufferPointer<UInt8>, ambiguousWide: Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let (value, length) = UTF8Bytes.scalarValue(at: index, in: bytes)
            guard standsAlone(value) else {
                return String(decoding: bytes, as: UTF8.self).contains { isWide($0, ambiguousWide: ambiguousWide) }
            }
            if of(scalarValue: value, ambiguousWide: ambiguousWide) == 2 { return true }
            index += length
        }
        return false
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
