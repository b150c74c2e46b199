/// Reads and writes themes in a small subset of TOML:
///
/// ```toml
/// # comment
/// name = "default"
///
/// [roles]
/// heading1 = { fg = "#5fafff", attrs = ["bold"] }
/// code = { fg = "color179", bg = "black" }
/// ```
///
/// Keys under `[roles]` are ``Style/Role/name``s; colours are ``Colour/init(spec:)`` spellings;
/// attributes are the names in ``Style/Attributes/names``. Unknown roles and attributes are
/// errors, so a typo does not silently do nothing. Only this shape is accepted: top-level
/// string keys, a `[roles]` table, and one-line inline tables of strings and string arrays.
public enum ThemeFile {
    /// A line that could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "theme line \(line): \(reason)" }
    }

    /// Parses a theme file.
    public static func parse(_ text: String) throws(ParseError) -> Theme {
        var name = "custom"
        var entries: [Style.Role: Theme.Entry] = [:]
        var section = ""
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var scanner = Scanner(Substring(rawLine))
            scanner.skipSpaces()
            if scanner.atEnd || scanner.peek == "#" { continue }
            if scanner.peek == "[" {
                scanner.advance()
                section = scanner.take { $0 != "]" }.trimmingSpaces()
                guard scanner.consume("]") else { throw ParseError(line: number, reason: "unclosed table header") }
                try scanner.expectEnd(line: number)
                guard section == "roles" else { throw ParseError(line: number, reason: "unknown table [\(section)]") }
                continue
            }
            let key = scanner.take { $0 != "=" && $0 != " " }
            scanner.skipSpaces()
            guard scanner.consume("=") else { throw ParseError(line: number, reason: "expected `key = value`") }
            scanner.skipSpaces()
            if section.isEmpty {
                guard key == "name" else { throw ParseError(line: number, reason: "unknown key \(key)") }
                name = try scanner.string(line: number)
                try scanner.expectEnd(line: number)
                continue
            }
            guard let role = Style.Role(name: key) else {
                throw ParseError(line: number, reason: "unknown role \(key)")
            }
            entries[role] = try scanner.entry(line: number)
            try scanner.expectEnd(line: number)
        }
        return Theme(name: name, entries: entries)
    }

    /// The theme as a file ``parse(_:)`` reads back to an equal theme.
    public static func format(_ theme: Theme) -> String {
        var text = "# Quire theme. Roles: see `Style.Role.name`; colours: names, colorN, #rrggbb.\n"
        text += "name = \"\(theme.name)\"\n\n[roles]\n"
        for role in Style.Role.allStyleable {
            guard let entry = theme.entries[role] else { continue }
            var fields: [String] = []
            if let foreground = entry.foreground { fields.append("fg = \"\(foreground.spec)\"") }
            if let background = entry.background { fields.append("bg = \"\(background.spec)\"") }
            let attributes = Style.Attributes.names.filter { entry.attributes.contains($0.1) }.map { "\"\($0.0)\"" }
            if !attributes.isEmpty { fields.append("attrs = [\(attributes.joined(separator: ", "))]") }
            text += "\(role.name) = { \(fields.joined(separator: ", ")) }\n"
        }
        return text
    }

    private struct Scanner {
        var rest: Substring
        init(_ text: Substring) { rest = text }

        var atEnd: Bool { rest.isEmpty }
        var peek: Character? { rest.first }
        mutating func advance() { rest = rest.dropFirst() }
        mutating func skipSpaces() { rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" } }
        mutating func consume(_ character: Character) -> Bool {
            guard rest.first == character else { return false }
            rest = rest.dropFirst()
            return true
        }
        mutating func take(while predicate: (Character) -> Bool) -> String {
            let taken = rest.prefix(while: predicate)
            rest = rest.dropFirst(taken.count)
            return String(taken)
        }
        mutating func expectEnd(line: Int) throws(ParseError) {
            skipSpaces()
            if !rest.isEmpty && rest.first != "#" { throw ParseError(line: line, reason: "unexpected `\(rest)`") }
        }
        mutating func string(line: Int) throws(ParseError) -> String {
            guard consume("\"") else { throw ParseError(line: line, reason: "expected a quoted string") }
            let value = take { $0 != "\"" }
            guard consume("\"") else { throw ParseError(line: line, reason: "unterminated string") }
            return value
        }
        mutating func entry(line: Int) throws(ParseError) -> Theme.Entry {
            guard consume("{") else { throw ParseError(line: line, reason: "expected an inline table") }
            var entry = Theme.Entry()
            skipSpaces()
            while !consume("}") {
                let field = take { $0 != "=" && $0 != " " }
                skipSpaces()
                guard consume("=") else { throw ParseError(line: line, reason: "expected `=` after \(field)") }
                skipSpaces()
                switch field {
                case "fg", "bg":
                    let spec = try string(line: line)
                    guard let colour = Colour(spec: spec) else {
                        throw ParseError(line: line, reason: "bad colour \(spec)")
                    }
                    if field == "fg" { entry.foreground = colour } else { entry.background = colour }
                case "attrs":
                    guard consume("[") else { throw ParseError(line: line, reason: "attrs takes an array") }
                    skipSpaces()
                    while !consume("]") {
                        let attribute = try string(line: line)
                        guard let known = Style.Attributes.names.first(where: { $0.0 == attribute }) else {
                            throw ParseError(line: line, reason: "unknown attribute \(attribute)")
                        }
                        entry.attributes.insert(known.1)
                        skipSpaces()
                        _ = consume(",")
                        skipSpaces()
                        if atEnd { throw ParseError(line: line, reason: "unclosed array") }
                    }
                default:
                    throw ParseError(line: line, reason: "unknown field \(field)")
                }
                skipSpaces()
                _ = consume(",")
                skipSpaces()
                if atEnd { throw ParseError(line: line, reason: "unclosed inline table") }
            }
            return entry
        }
    }
}

extension Theme {
    /// Reads a theme from ``ThemeFile`` text.
    public init(toml: String) throws(ThemeFile.ParseError) {
        self = try ThemeFile.parse(toml)
    }

    /// The theme as ``ThemeFile`` text.
    public var toml: String { ThemeFile.format(self) }
}
