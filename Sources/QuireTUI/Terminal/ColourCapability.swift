import QuireRender

/// How many colours a terminal can show, from none up to 24-bit.
///
/// Ordered, so a theme can be lowered to the terminal with `min(theme, terminal)`.
public enum ColourCapability: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Attributes only (a monochrome terminal, or `NO_COLOR`).
    case none
    /// The 16 standard colours.
    case standard16
    /// The 256-colour palette.
    case indexed256
    /// 24-bit colour.
    case trueColour

    public static func < (lhs: ColourCapability, rhs: ColourCapability) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The capability an environment advertises: `NO_COLOR` (set and not empty, as
    /// no-color.org defines it) wins, then `COLORTERM` and `TERM`.
    public static func detect(environment: [String: String]) -> ColourCapability {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return .none }
        if environment["TERM"] == "dumb" { return .none }
        switch ColourDepth.detect(environment: environment) {
        case .trueColour: return .trueColour
        case .indexed256: return .indexed256
        case .standard16: return .standard16
        }
    }
}
