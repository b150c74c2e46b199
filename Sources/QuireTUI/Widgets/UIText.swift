import QuireRender

/// A label of the app's own: a string literal, so it cannot carry network text.
///
/// Only literals build a `UIText` (its literal type is `StaticString`, and it offers no
/// interpolation), and it still goes through the sanitiser, so a stray control character in
/// the source code cannot reach the terminal either.
public struct UIText: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The label as text the terminal may draw.
    public let safe: TerminalSafeText

    public init(stringLiteral value: StaticString) {
        safe = Sanitiser.sanitise(value.description)
    }

    public init(unicodeScalarLiteral value: StaticString) {
        self.init(stringLiteral: value)
    }

    public init(extendedGraphemeClusterLiteral value: StaticString) {
        self.init(stringLiteral: value)
    }

    /// A label built from text the app does not control (a site's provider names): sanitised.
    public init(sanitising value: String) {
        safe = Sanitiser.sanitise(value)
    }

    public var description: String { safe.string }
}

extension TerminalSafeText {
    /// A number or other value the app formats itself (counts, dates, key names).
    static func formatted(_ value: String) -> TerminalSafeText {
        Sanitiser.sanitise(value)
    }
}
