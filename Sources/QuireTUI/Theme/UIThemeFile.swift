import QuireRender
import TOMLKit

/// Reads a theme file, TOML read by TOMLKit: the renderer's ``ThemeFile`` format (`name`, `[roles]`)
/// plus a `[ui]` table for the app's chrome:
///
/// ```toml
/// name = "dusk"
/// [roles]
/// heading1 = { fg = "#5fafff", attrs = ["bold"] }
/// [ui]
/// top-bar = { fg = "white", bg = "#303030" }
/// row-selected = { bg = "color24" }
/// ```
///
/// Chrome roles the file leaves out come from the built-in theme of the same name, or from
/// `default`, so a short file still gives a usable screen.
public enum UIThemeFile {
    /// Why a theme file could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String

        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Parses theme text (TOML); `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ParseError) -> UITheme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            // TOMLKit says what broke the TOML; the hint says what a theme file holds.
            throw ParseError(
                file: file, line: error.source.begin.line,
                reason: error.description
                    + "; expected `role = { ... }` lines in [roles] and [ui], after `name = \"...\"`")
        } catch {
            throw ParseError(file: file, line: 1, reason: "\(error)")
        }
        // TOMLKit keeps no positions: errors about a key name the line it was written on.
        let lines = AppConfigParser.KeyLines(text: text)
        func fail(_ key: String, in section: String?, _ reason: String) -> ParseError {
            ParseError(file: file, line: lines.line(of: key, in: section) ?? 1, reason: reason)
        }
        func keys(of table: TOMLTable, in section: String?) -> [String] {
            table.keys.sorted { lines.line(of: $0, in: section) ?? 0 < lines.line(of: $1, in: section) ?? 0 }
        }
        var name = "custom"
        var entries: [Style.Role: Theme.Entry] = [:]
        var chromeEntries: [UIRole: CellStyle] = [:]
        for key in keys(of: table, in: nil) {
            guard let value = table[key] else { continue }
            switch key {
            case "name":
                guard let text = value.string else { throw fail(key, in: nil, "expected a quoted string") }
                name = text
            case "roles", "ui":
                guard let section = value.table else { throw fail(key, in: nil, "[\(key)] must be a table") }
                for entryKey in keys(of: section, in: key) {
                    guard let entryValue = section[entryKey] else { continue }
                    let entry = try style(entryValue, fail: { fail(entryKey, in: key, $0) })
                    if key == "roles" {
                        guard let role = Style.Role(name: entryKey) else {
                            throw fail(entryKey, in: key, "unknown role \(entryKey)")
                        }
                        entries[role] = entry
                    } else {
                        guard let role = UIRole(rawValue: entryKey) else {
                            let known = UIRole.allCases.map(\.name).joined(separator: ", ")
                            throw fail(entryKey, in: key, "unknown ui role \(entryKey); known: \(known)")
                        }
                        chromeEntries[role] = entry
                    }
                }
            default:
                throw fail(key, in: nil, value.table == nil ? "unknown key \(key)" : "unknown table [\(key)]")
            }
        }
        var chrome = UITheme.chromeDefaults(for: name)
        chrome.merge(chromeEntries) { _, new in new }
        return UITheme(document: Theme(name: name, entries: entries), chrome: chrome)
    }

    /// The theme as a file ``parse(_:file:)`` reads back (for `quire theme print`).
    public static func format(_ theme: UITheme) -> String {
        var text = ThemeFile.format(theme.document)
        text += "\n[ui]\n"
        for role in UIRole.allCases {
            guard let style = theme.chrome[role] else { continue }
            var fields: [String] = []
            if let foreground = style.foreground { fields.append("fg = \"\(foreground.spec)\"") }
            if let background = style.background { fields.append("bg = \"\(background.spec)\"") }
            let attributes = Style.Attributes.names.filter { style.attributes.contains($0.1) }.map { "\"\($0.0)\"" }
            if !attributes.isEmpty { fields.append("attrs = [\(attributes.joined(separator: ", "))]") }
            text += "\(role.name) = { \(fields.joined(separator: ", ")) }\n"
        }
        return text
    }

    /// One `{ fg = "...", bg = "...", attrs = [...] }` table: colours as ``Colour/init(spec:)`` spells them,
    /// attributes as ``Style/Attributes/names``. Anything unknown is an error, so a typo does not silently do
    /// nothing.
    private static func style(_ value: any TOMLValueConvertible, fail: (String) -> ParseError) throws(ParseError)
        -> CellStyle
    {
        guard let table = value.table else { throw fail("expected an inline table") }
        var entry = CellStyle()
        for field in table.keys {
            guard let fieldValue = table[field] else { continue }
            switch field {
            case "fg", "bg":
                guard let spec = fieldValue.string else { throw fail("\(field) takes a quoted colour") }
                guard let colour = Colour(spec: spec) else { throw fail("bad colour \(spec)") }
                if field == "fg" { entry.foreground = colour } else { entry.background = colour }
            case "attrs":
                guard let array = fieldValue.array else { throw fail("attrs takes an array") }
                for index in 0..<array.count {
                    guard let attribute = array[index].string else { throw fail("attrs takes quoted names") }
                    guard let known = Style.Attributes.names.first(where: { $0.0 == attribute }) else {
                        throw fail("unknown attribute \(attribute)")
                    }
                    entry.attributes.insert(known.1)
                }
            default:
                throw fail("unknown field \(field)")
            }
        }
        return entry
    }
}
