import QuireRender

/// A complete look for the app: the renderer's ``Theme`` for message text, plus styles for
/// the app's own chrome, lowered to what the terminal can show.
public struct UITheme: Sendable, Hashable {
    /// Roles of rendered text.
    public var document: Theme
    /// Parts of the chrome; roles missing here are drawn plain.
    public var chrome: [UIRole: CellStyle]

    public init(document: Theme, chrome: [UIRole: CellStyle]) {
        self.document = document
        self.chrome = chrome
    }

    public var name: String { document.name }

    /// The style of a chrome role.
    public func style(_ role: UIRole) -> CellStyle {
        chrome[role] ?? .plain
    }

    /// The style of a span: its role's entry plus the span's own attributes.
    public func style(_ role: DisplayRole, attributes: Style.Attributes = []) -> CellStyle {
        switch role {
        case .document(let documentRole):
            return document.entry(for: documentRole).adding(attributes)
        case .ui(let uiRole):
            return style(uiRole).adding(attributes)
        }
    }

    /// The built-in theme called `name` (`default`, `light`, `mono`).
    public static func builtIn(named name: String) -> UITheme? {
        guard let document = Theme.builtIn(named: name) else { return nil }
        return UITheme(document: document, chrome: chromeDefaults(for: name))
    }

    /// For dark backgrounds.
    public static let `default` = UITheme(document: .default, chrome: chromeDefaults(for: "default"))

    /// The chrome of the built-in theme called `name`; other names get the dark one.
    public static func chromeDefaults(for name: String) -> [UIRole: CellStyle] {
        switch name {
        case "mono": monoChrome
        case "light":
            colourChrome(
                bar: "#d0d0d0", barText: "#1c1c1c", selected: "#bcd4f6", accent: "#005fd7", dim: "#6c6c6c",
                tag: "#870087", good: "#008700", warn: "#af5f00", bad: "#d70000")
        default:
            colourChrome(
                bar: "#303030", barText: "#d0d0d0", selected: "#264f78", accent: "#87afff", dim: "#8a8a8a",
                tag: "#d787d7", good: "#87d75f", warn: "#d7af00", bad: "#ff5f5f")
        }
    }

    private static func colourChrome(
        bar: String, barText: String, selected: String, accent: String, dim: String, tag: String, good: String,
        warn: String, bad: String
    ) -> [UIRole: CellStyle] {
        func entry(_ fg: String?, _ bg: String? = nil, _ attributes: Style.Attributes = []) -> CellStyle {
            CellStyle(
                foreground: fg.flatMap(Colour.init(spec:)), background: bg.flatMap(Colour.init(spec:)),
                attributes: attributes)
        }
        return [
            .topBar: entry(barText, bar),
            .tabActive: entry(accent, bar, .bold),
            .linkOnline: entry(good, bar),
            .linkConnecting: entry(warn, bar),
            .linkOffline: entry(bad, bar),
            .statusLine: entry(barText, bar),
            .statusMode: entry(bar, accent, .bold),
            .commandLine: entry(nil),
            .prompt: entry(accent, nil, .bold),
            .row: entry(nil),
            .rowSelected: entry(nil, selected),
            .rowUnread: entry(nil, nil, .bold),
            .rowMarked: entry(warn),
            .rowDetail: entry(dim),
            .tag: entry(tag),
            .mark: entry(warn),
            .divider: entry(dim),
            .header: entry(accent),
            .error: entry(bad, nil, .bold),
            .notice: entry(warn),
            .completion: entry(barText, bar),
            .completionSelected: entry(bar, accent, .bold),
        ]
    }

    private static let monoChrome: [UIRole: CellStyle] = [
        .topBar: CellStyle(attributes: .reverse),
        .tabActive: CellStyle(attributes: [.reverse, .bold]),
        .linkOnline: CellStyle(attributes: .reverse),
        .linkConnecting: CellStyle(attributes: [.reverse, .dim]),
        .linkOffline: CellStyle(attributes: [.reverse, .bold]),
        .statusLine: CellStyle(attributes: .reverse),
        .statusMode: CellStyle(attributes: .bold),
        .prompt: CellStyle(attributes: .bold),
        .rowSelected: CellStyle(attributes: .reverse),
        .rowUnread: CellStyle(attributes: .bold),
        .rowMarked: CellStyle(attributes: .underline),
        .rowDetail: CellStyle(attributes: .dim),
        .tag: CellStyle(attributes: .underline),
        .mark: CellStyle(attributes: .bold),
        .divider: CellStyle(attributes: .dim),
        .header: CellStyle(attributes: .bold),
        .error: CellStyle(attributes: [.bold, .reverse]),
        .notice: CellStyle(attributes: .bold),
        .completion: CellStyle(attributes: .reverse),
        .completionSelected: CellStyle(attributes: [.reverse, .bold]),
    ]
}
