/// One key press as the app sees it, independent of how the terminal encoded it.
///
/// Control letters are normalised to their lower-case letter plus ``Modifiers/control``, so
/// `<C-d>` in a bindings file and byte 0x04 from the terminal compare equal. Shifted printable
/// characters carry the shift in the character itself (`D`, `?`); ``Modifiers/shift`` is only
/// used with named keys (`<S-Tab>`).
public struct Key: Sendable, Hashable {
    public var code: Code
    public var modifiers: Modifiers

    public init(_ code: Code, modifiers: Modifiers = []) {
        self.code = code
        self.modifiers = modifiers
    }

    /// A printable character with no modifiers.
    public static func character(_ character: Character) -> Key { Key(.character(character)) }

    /// A control chord such as Ctrl-D.
    public static func control(_ character: Character) -> Key {
        let lower = character.lowercased()
        return Key(.character(lower.count == 1 ? lower.first ?? character : character), modifiers: .control)
    }

    /// What was pressed.
    public enum Code: Sendable, Hashable {
        case character(Character)
        case enter, tab, backspace, escape
        case up, down, left, right
        case home, end, pageUp, pageDown, insert, delete
        case function(Int)
    }

    /// Modifier keys held with the key.
    public struct Modifiers: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let control = Modifiers(rawValue: 1 << 0)
        public static let alt = Modifiers(rawValue: 1 << 1)
        public static let shift = Modifiers(rawValue: 1 << 2)
    }

    /// The text this key types into an editor, if it types anything: a printable character
    /// without control or alt.
    public var typedCharacter: Character? {
        guard case .character(let character) = code, modifiers.isDisjoint(with: [.control, .alt]) else { return nil }
        guard let first = character.unicodeScalars.first, first.value >= 0x20, first.value != 0x7F else { return nil }
        return character
    }
}

extension Key {
    /// Decodes a single byte or code point from a terminal: control bytes become control
    /// chords or named keys, everything else a character.
    public init(codePoint value: UInt32) {
        switch value {
        case 0x09:
            self.init(.tab)
        case 0x0A, 0x0D:
            self.init(.enter)
        case 0x1B:
            self.init(.escape)
        case 0x08, 0x7F:
            self.init(.backspace)
        case 0x00:
            self = .control(" ")
        case 0x01...0x1A:
            self = .control(Character(Unicode.Scalar(UInt8(value + 0x60))))
        case 0x1C...0x1F:
            self = .control(Character(Unicode.Scalar(UInt8(value + 0x40))))
        default:
            if let scalar = Unicode.Scalar(value) {
                self.init(.character(Character(scalar)))
            } else {
                self.init(.character("\u{FFFD}"))
            }
        }
    }
}
