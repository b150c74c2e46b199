/// The `<C-d>` / `g g` notation of bindings files, both ways.
///
/// A sequence is read left to right: `<...>` is one named key or chord, any other character
/// stands for itself, and spaces only separate keys (`gg` and `g g` are the same sequence).
/// Space, `<`, `=` and `#` are written `<Space>`, `<lt>`, `<Eq>` and `<Hash>`.
public enum KeyNotation {
    /// Why a key sequence could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Parses a key sequence such as `g g`, `<C-d>` or `<S-Tab>`.
    public static func parse(_ text: String) throws(ParseError) -> [Key] {
        var keys: [Key] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == " " || character == "\t" {
                index = text.index(after: index)
                continue
            }
            if character == "<" {
                guard let close = text[index...].firstIndex(of: ">") else {
                    throw ParseError(reason: "unclosed `<` in key sequence `\(text)`")
                }
                let name = String(text[text.index(after: index)..<close])
                keys.append(try parseNamed(name))
                index = text.index(after: close)
                continue
            }
            keys.append(.character(character))
            index = text.index(after: index)
        }
        guard !keys.isEmpty else { throw ParseError(reason: "empty key sequence") }
        return keys
    }

    /// Formats keys in the notation ``parse(_:)`` reads.
    public static func format(_ keys: [Key]) -> String {
        keys.map(format).joined(separator: " ")
    }

    /// Formats one key.
    public static func format(_ key: Key) -> String {
        var prefix = ""
        if key.modifiers.contains(.control) { prefix += "C-" }
        if key.modifiers.contains(.alt) { prefix += "A-" }
        if key.modifiers.contains(.shift) { prefix += "S-" }
        let base: String
        switch key.code {
        case .character(let character):
            if let name = characterNames.first(where: { $0.1 == character })?.0 {
                return "<\(prefix)\(name)>"
            }
            if prefix.isEmpty { return String(character) }
            base = String(character)
        default:
            base = namedKeys.first(where: { $0.1 == key.code })?.0 ?? "?"
        }
        return "<\(prefix)\(base)>"
    }

    private static let namedKeys: [(String, Key.Code)] =
        [
            ("Enter", .enter), ("CR", .enter), ("Return", .enter), ("Tab", .tab), ("BS", .backspace),
            ("Backspace", .backspace), ("Esc", .escape), ("Escape", .escape), ("Up", .up), ("Down", .down),
            ("Left", .left), ("Right", .right), ("Home", .home), ("End", .end), ("PgUp", .pageUp),
            ("PageUp", .pageUp), ("PgDn", .pageDown), ("PageDown", .pageDown), ("Insert", .insert),
            ("Ins", .insert), ("Del", .delete), ("Delete", .delete),
        ] + (1...24).map { ("F\($0)", Key.Code.function($0)) }

    private static let characterNames: [(String, Character)] = [
        ("Space", " "), ("lt", "<"), ("Eq", "="), ("Hash", "#"),
    ]

    private static func parseNamed(_ name: String) throws(ParseError) -> Key {
        var modifiers: Key.Modifiers = []
        var rest = Substring(name)
        while rest.count > 2, let dash = rest.dropFirst().first, dash == "-", let letter = rest.first {
            switch letter {
            case "C", "c": modifiers.insert(.control)
            case "A", "a", "M", "m": modifiers.insert(.alt)
            case "S", "s": modifiers.insert(.shift)
            default: throw ParseError(reason: "unknown modifier `\(letter)-` in `<\(name)>`")
            }
            rest = rest.dropFirst(2)
        }
        let base = String(rest)
        if let named = namedKeys.first(where: { $0.0.lowercased() == base.lowercased() }) {
            return Key(named.1, modifiers: modifiers)
        }
        if let named = characterNames.first(where: { $0.0.lowercased() == base.lowercased() }) {
            return Key(.character(named.1), modifiers: modifiers)
        }
        if base.count == 1, let character = base.first, !modifiers.isEmpty {
            if modifiers.contains(.control) {
                var key = Key.control(character)
                key.modifiers.formUnion(modifiers)
                return key
            }
            return Key(.character(character), modifiers: modifiers)
        }
        throw ParseError(reason: "unknown key `<\(name)>`")
    }
}
