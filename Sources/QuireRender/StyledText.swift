/// A run of safe text in one style, possibly part of a numbered link.
public struct StyledSpan: Sendable, Hashable {
    public var text: TerminalSafeText
    public var style: Style
    /// The number of the ``LinkTarget`` this text belongs to, for OSC 8 hyperlinks.
    public var link: Int?

    public init(_ text: TerminalSafeText, style: Style, link: Int? = nil) {
        self.text = text
        self.style = style
        self.link = link
    }

    init(glyph: String, _ role: Style.Role) {
        self.init(TerminalSafeText(verified: glyph), style: Style(role))
    }
}

/// One terminal line: spans whose display widths add up to at most the render width.
public struct StyledLine: Sendable, Hashable {
    public var spans: [StyledSpan]

    public init(_ spans: [StyledSpan] = []) {
        self.spans = spans
    }

    /// The line without styles.
    public var plainText: String {
        spans.reduce(into: "") { $0 += $1.text.string }
    }

    /// Columns the line takes.
    public func width(ambiguousWide: Bool = false) -> Int {
        spans.reduce(0) { $0 + DisplayWidth.of($1.text.string, ambiguousWide: ambiguousWide) }
    }

    /// The empty line.
    public static let blank = StyledLine()
}
