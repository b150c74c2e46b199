/// How to render a message.
public struct RenderOptions: Sendable, Hashable {
    /// What to do with code lines wider than the view.
    public enum CodeOverflow: Sendable, Hashable {
        /// Continue on the next line, marking the break.
        case wrap
        /// Cut at the edge, marking the cut.
        case clip
    }

    /// Columns available; no rendered line is wider. At least 10.
    public var width: Int
    /// Colours for ``ANSIWriter``.
    public var theme: Theme
    /// Whether ``ANSIWriter`` emits colour and attributes; off means text without any ESC byte.
    public var colour: Bool
    public var colourDepth: ColourDepth
    /// Whether ``ANSIWriter`` wraps followable web links in OSC 8 hyperlinks.
    public var osc8Hyperlinks: Bool
    /// Count East Asian Ambiguous characters as two columns; the renderer then draws its own
    /// frames and markers in ASCII, which is one column everywhere.
    public var ambiguousWide: Bool
    public var codeOverflow: CodeOverflow
    /// Append the numbered link and attachment list after the message.
    public var listsTargets: Bool
    /// Bytes of Markdown rendered; the rest is cut with a notice, before parsing.
    public var maximumInputBytes: Int
    /// Markdown nested deeper than this (quotes, lists, emphasis: levels of the syntax tree)
    /// is shown as flattened text, with a notice.
    public var maximumNesting: Int

    public init(
        width: Int = 80,
        theme: Theme = .default,
        colour: Bool = false,
        colourDepth: ColourDepth = .trueColour,
        osc8Hyperlinks: Bool = false,
        ambiguousWide: Bool = false,
        codeOverflow: CodeOverflow = .wrap,
        listsTargets: Bool = true,
        maximumInputBytes: Int = 1 << 20,
        maximumNesting: Int = 32
    ) {
        self.width = width
        self.theme = theme
        self.colour = colour
        self.colourDepth = colourDepth
        self.osc8Hyperlinks = osc8Hyperlinks
        self.ambiguousWide = ambiguousWide
        self.codeOverflow = codeOverflow
        self.listsTargets = listsTargets
        self.maximumInputBytes = maximumInputBytes
        self.maximumNesting = maximumNesting
    }

    /// The width actually used: narrow views still get a usable minimum.
    var effectiveWidth: Int { max(10, min(width, 10_000)) }
}
