/// Text that is safe to hand to a terminal: no control sequences, no C0 or C1 controls except
/// tab and newline, and invisible format characters made visible.
///
/// Every string that comes from the network is attacker-controlled, and a terminal acts on
/// whatever bytes it is given (clipboard writes, title changes, cursor moves, status queries).
/// Only ``Sanitiser`` can make a value of this type from arbitrary text, so an API that takes
/// `TerminalSafeText` cannot be handed raw network text by mistake.
public struct TerminalSafeText: Sendable, Hashable, CustomStringConvertible {
    /// The sanitised text.
    public let string: String

    /// Wraps text already known to be safe: output of the sanitiser, pieces of safe text
    /// split at grapheme boundaries, and the renderer's own glyphs.
    init(verified string: String) {
        self.string = string
    }

    /// Sanitises `raw`; the same as ``Sanitiser/sanitise(_:)``.
    public init(sanitising raw: String) {
        self = Sanitiser.sanitise(raw)
    }

    /// The empty text.
    public static let empty = TerminalSafeText(verified: "")

    public var description: String { string }

    public var isEmpty: Bool { string.isEmpty }

    /// Joins safe texts; the result stays safe because no control character can form across
    /// the seam.
    public static func + (lhs: TerminalSafeText, rhs: TerminalSafeText) -> TerminalSafeText {
        TerminalSafeText(verified: lhs.string + rhs.string)
    }
}
