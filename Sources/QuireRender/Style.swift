/// What a piece of rendered text is, plus the attributes its Markdown gave it.
///
/// The renderer names roles, not colours: the ``Theme`` decides how a role looks, so the same
/// rendering serves a dark, a light and a monochrome terminal.
public struct Style: Sendable, Hashable {
    /// The semantic role of the text.
    public var role: Role
    /// Attributes from the Markdown itself (`**strong**` inside a link is bold and a link).
    public var attributes: Attributes

    public init(_ role: Role, attributes: Attributes = []) {
        self.role = role
        self.attributes = attributes
    }

    /// Text attributes a terminal can draw.
    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let bold = Attributes(rawValue: 1 << 0)
        public static let italic = Attributes(rawValue: 1 << 1)
        public static let underline = Attributes(rawValue: 1 << 2)
        public static let dim = Attributes(rawValue: 1 << 3)
        public static let reverse = Attributes(rawValue: 1 << 4)
        public static let strikethrough = Attributes(rawValue: 1 << 5)

        /// Attribute names as theme files spell them.
        public static let names: [(String, Attributes)] = [
            ("bold", .bold), ("italic", .italic), ("underline", .underline), ("dim", .dim),
            ("reverse", .reverse), ("strikethrough", .strikethrough),
        ]
    }

    /// Semantic roles of rendered text.
    public enum Role: Sendable, Hashable {
        case plain
        case heading(Int)
        case emphasis
        case strong
        case strike
        case code
        case codeBlock
        case quote
        case link
        case linkRef
        case messageLink
        case attachment
        case image
        case form
        case hashtag
        case listMarker
        case tableBorder
        case tableHeader
        case rule
        case html
        case slideMarker
        case chartSeries(Int)
        case chartAxis
        case error
        case notice
        case marker

        /// Number of distinct chart series colours a theme defines; later series repeat them.
        public static let chartSeriesCount = 8

        /// Every role a theme can style, in theme-file order.
        public static let allStyleable: [Role] =
            [.plain] + (1...6).map { .heading($0) }
            + [
                .emphasis, .strong, .strike, .code, .codeBlock, .quote, .link, .linkRef, .messageLink,
                .attachment, .image, .form, .hashtag, .listMarker, .tableBorder, .tableHeader, .rule, .html,
                .slideMarker,
            ]
            + (1...chartSeriesCount).map { .chartSeries($0) }
            + [.chartAxis, .error, .notice, .marker]

        /// The key of the role in theme files (`heading1`, `chart3`, `code-block`).
        public var name: String {
            switch self {
            case .plain: "plain"
            case .heading(let level): "heading\(level)"
            case .emphasis: "emphasis"
            case .strong: "strong"
            case .strike: "strike"
            case .code: "code"
            case .codeBlock: "code-block"
            case .quote: "quote"
            case .link: "link"
            case .linkRef: "link-ref"
            case .messageLink: "message-link"
            case .attachment: "attachment"
            case .image: "image"
            case .form: "form"
            case .hashtag: "hashtag"
            case .listMarker: "list-marker"
            case .tableBorder: "table-border"
            case .tableHeader: "table-header"
            case .rule: "rule"
            case .html: "html"
            case .slideMarker: "slide-marker"
            case .chartSeries(let series): "chart\(series)"
            case .chartAxis: "chart-axis"
            case .error: "error"
            case .notice: "notice"
            case .marker: "marker"
            }
        }

        /// The role a theme file key names, if any.
        public init?(name: String) {
            guard let role = Role.allStyleable.first(where: { $0.name == name }) else { return nil }
            self = role
        }

        /// The role whose theme entry styles this one (chart series repeat the palette).
        var themeKey: Role {
            switch self {
            case .chartSeries(let series):
                .chartSeries((max(1, series) - 1) % Role.chartSeriesCount + 1)
            case .heading(let level):
                .heading(min(6, max(1, level)))
            default:
                self
            }
        }
    }
}
