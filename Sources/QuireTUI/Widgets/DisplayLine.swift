import QuireRender

/// What a span of a widget line is, for the theme to colour: a role of rendered text, or a
/// part of the app's own chrome.
public enum DisplayRole: Sendable, Hashable {
    case document(Style.Role)
    case ui(UIRole)
}

/// A run of safe text with a role and extra attributes.
public struct DisplaySpan: Sendable, Hashable {
    public var text: TerminalSafeText
    public var role: DisplayRole
    public var attributes: Style.Attributes

    public init(_ text: TerminalSafeText, role: DisplayRole, attributes: Style.Attributes = []) {
        self.text = text
        self.role = role
        self.attributes = attributes
    }

    public init(_ text: TerminalSafeText, _ role: UIRole, attributes: Style.Attributes = []) {
        self.init(text, role: .ui(role), attributes: attributes)
    }

    public init(_ label: UIText, _ role: UIRole, attributes: Style.Attributes = []) {
        self.init(label.safe, role: .ui(role), attributes: attributes)
    }
}

/// One line a widget draws: rendered text or app chrome, mixed.
public struct DisplayLine: Sendable, Hashable {
    public var spans: [DisplaySpan]

    public init(_ spans: [DisplaySpan] = []) {
        self.spans = spans
    }

    /// A rendered line from QuireRender, roles kept.
    public init(_ line: StyledLine) {
        spans = line.spans.map { DisplaySpan($0.text, role: .document($0.style.role), attributes: $0.style.attributes) }
    }

    public mutating func append(_ span: DisplaySpan) {
        spans.append(span)
    }

    /// The line without styles.
    public var plainText: String { spans.reduce(into: "") { $0 += $1.text.string } }

    /// Columns the line takes.
    public func width(ambiguousWide: Bool = false) -> Int {
        spans.reduce(0) { $0 + DisplayWidth.of($1.text, ambiguousWide: ambiguousWide) }
    }
}
