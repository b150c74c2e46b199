/// How each ``Style/Role`` looks: colours and attributes.
///
/// Themes are plain values with three built in (`default` for dark backgrounds, `light`, and
/// `mono`, which uses attributes only). The same themes ship as `Themes/*.toml`: ``Theme/toml``
/// writes one (see ``ThemeFile``), and the terminal client reads them with TOMLKit.
public struct Theme: Sendable, Hashable {
    /// How one role is drawn. A nil colour means the terminal's default.
    public struct Entry: Sendable, Hashable {
        public var foreground: Colour?
        public var background: Colour?
        public var attributes: Style.Attributes

        public init(foreground: Colour? = nil, background: Colour? = nil, attributes: Style.Attributes = []) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    public var name: String
    public var entries: [Style.Role: Entry]

    public init(name: String, entries: [Style.Role: Entry]) {
        self.name = name
        self.entries = entries
    }

    /// The entry styling `role`; roles the theme does not name are drawn plain.
    public func entry(for role: Style.Role) -> Entry {
        entries[role.themeKey] ?? Entry()
    }

    /// The built-in theme called `name`.
    public static func builtIn(named name: String) -> Theme? {
        [Theme.default, .light, .mono].first { $0.name == name }
    }

    /// For dark backgrounds.
    public static let `default` = Theme(
        name: "default",
        entries: palette(
            headings: ["#5fafff", "#5fd7ff", "#87d7af", "#d7d787", "#d7af87", "#afafd7"],
            accent: "#87afff", code: "#d7af5f", quote: "#8a8a8a", hashtag: "#d787d7", error: "#ff5f5f",
            notice: "#d7af00", border: "#6c6c6c",
            series: ["#5fafff", "#ffaf5f", "#87d75f", "#ff5f87", "#af87ff", "#5fd7d7", "#d7d75f", "#d787af"]
        )
    )

    /// For light backgrounds.
    public static let light = Theme(
        name: "light",
        entries: palette(
            headings: ["#005fd7", "#0087af", "#008700", "#875f00", "#870000", "#5f00af"],
            accent: "#0000d7", code: "#875f00", quote: "#6c6c6c", hashtag: "#870087", error: "#d70000",
            notice: "#af5f00", border: "#8a8a8a",
            series: ["#005fd7", "#d75f00", "#008700", "#d70057", "#5f00d7", "#008787", "#878700", "#af0087"]
        )
    )

    /// Attributes only, for monochrome terminals and people who prefer them.
    public static let mono: Theme = {
        var entries: [Style.Role: Entry] = [:]
        for level in 1...6 { entries[.heading(level)] = Entry(attributes: level <= 2 ? [.bold, .underline] : .bold) }
        entries[.emphasis] = Entry(attributes: .italic)
        entries[.strong] = Entry(attributes: .bold)
        entries[.strike] = Entry(attributes: .strikethrough)
        entries[.code] = Entry(attributes: .reverse)
        entries[.quote] = Entry(attributes: .dim)
        entries[.link] = Entry(attributes: .underline)
        entries[.linkRef] = Entry(attributes: .dim)
        entries[.messageLink] = Entry(attributes: .underline)
        entries[.attachment] = Entry(attributes: .underline)
        entries[.image] = Entry(attributes: .dim)
        entries[.form] = Entry(attributes: .bold)
        entries[.hashtag] = Entry(attributes: .bold)
        entries[.listMarker] = Entry(attributes: .bold)
        entries[.tableBorder] = Entry(attributes: .dim)
        entries[.tableHeader] = Entry(attributes: .bold)
        entries[.rule] = Entry(attributes: .dim)
        entries[.html] = Entry(attributes: .dim)
        entries[.slideMarker] = Entry(attributes: [.bold, .reverse])
        entries[.chartAxis] = Entry(attributes: .dim)
        entries[.error] = Entry(attributes: [.bold, .reverse])
        entries[.notice] = Entry(attributes: .bold)
        entries[.marker] = Entry(attributes: .reverse)
        return Theme(name: "mono", entries: entries)
    }()

    private static func palette(
        headings: [String], accent: String, code: String, quote: String, hashtag: String, error: String,
        notice: String, border: String, series: [String]
    ) -> [Style.Role: Entry] {
        func colour(_ spec: String) -> Colour? { Colour(spec: spec) }
        var entries: [Style.Role: Entry] = [:]
        for (index, spec) in headings.enumerated() {
            entries[.heading(index + 1)] = Entry(foreground: colour(spec), attributes: index < 2 ? [.bold] : [.bold])
        }
        entries[.emphasis] = Entry(attributes: .italic)
        entries[.strong] = Entry(attributes: .bold)
        entries[.strike] = Entry(attributes: [.strikethrough, .dim])
        entries[.code] = Entry(foreground: colour(code))
        entries[.codeBlock] = Entry(foreground: colour(code))
        entries[.quote] = Entry(foreground: colour(quote), attributes: .italic)
        entries[.link] = Entry(foreground: colour(accent), attributes: .underline)
        entries[.linkRef] = Entry(foreground: colour(accent), attributes: .dim)
        entries[.messageLink] = Entry(foreground: colour(hashtag), attributes: .underline)
        entries[.attachment] = Entry(foreground: colour(notice), attributes: .underline)
        entries[.image] = Entry(foreground: colour(notice))
        entries[.form] = Entry(foreground: colour(notice), attributes: .bold)
        entries[.hashtag] = Entry(foreground: colour(hashtag))
        entries[.listMarker] = Entry(foreground: colour(accent))
        entries[.tableBorder] = Entry(foreground: colour(border))
        entries[.tableHeader] = Entry(attributes: .bold)
        entries[.rule] = Entry(foreground: colour(border))
        entries[.html] = Entry(foreground: colour(quote))
        entries[.slideMarker] = Entry(foreground: colour(accent), attributes: [.bold, .reverse])
        for (index, spec) in series.enumerated() {
            entries[.chartSeries(index + 1)] = Entry(foreground: colour(spec))
        }
        entries[.chartAxis] = Entry(foreground: colour(border))
        entries[.error] = Entry(foreground: colour(error), attributes: .bold)
        entries[.notice] = Entry(foreground: colour(notice), attributes: .bold)
        entries[.marker] = Entry(foreground: colour(error), attributes: .reverse)
        return entries
    }
}
