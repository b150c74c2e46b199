/// Writes themes as TOML (the terminal client reads them with a TOML library; QuireRender needs none):
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
/// errors when read back, so a typo does not silently do nothing.
public enum ThemeFile {
    /// The theme as TOML that the terminal client's theme reader reads back to an equal theme.
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
}

extension Theme {
    /// The theme as ``ThemeFile`` text.
    public var toml: String { ThemeFile.format(self) }
}
