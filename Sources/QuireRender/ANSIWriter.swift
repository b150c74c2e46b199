/// Turns styled lines into terminal text.
///
/// With colour off the result has no ESC byte at all: plain text and newlines. With colour on
/// it has only what this writer generates: SGR sequences (`ESC [ ... m`) for the theme at the
/// terminal's colour depth, and, when enabled, OSC 8 hyperlinks (`ESC ] 8 ; ; URL ESC \`) around
/// followable web links, with the URL restricted to printable ASCII (anything else
/// percent-encoded), so a link cannot smuggle a terminator.
public struct ANSIWriter: Sendable {
    public var theme: Theme
    /// nil: no colour or attributes at all.
    public var colourDepth: ColourDepth?
    public var hyperlinks: Bool

    public init(theme: Theme = .default, colourDepth: ColourDepth? = nil, hyperlinks: Bool = false) {
        self.theme = theme
        self.colourDepth = colourDepth
        self.hyperlinks = hyperlinks
    }

    /// The writer `options` describe.
    public init(options: RenderOptions) {
        self.init(
            theme: options.theme, colourDepth: options.colour ? options.colourDepth : nil,
            hyperlinks: options.colour && options.osc8Hyperlinks
        )
    }

    /// The whole document, one terminal line per ``StyledLine``, each ending in a newline.
    public func write(_ document: RenderedDocument) -> String {
        write(document.lines, links: document.links)
    }

    /// Lines, each ending in a newline; `links` resolve span link numbers for OSC 8.
    public func write(_ lines: [StyledLine], links: [LinkTarget] = []) -> String {
        var output = ""
        output.reserveCapacity(lines.count * 40)
        for line in lines {
            write(line, links: links, into: &output)
            output += "\n"
        }
        return output
    }

    /// One line without its newline.
    public func write(_ line: StyledLine, links: [LinkTarget] = []) -> String {
        var output = ""
        write(line, links: links, into: &output)
        return output
    }

    private func write(_ line: StyledLine, links: [LinkTarget], into output: inout String) {
        guard let depth = colourDepth else {
            for span in line.spans { output += span.text.string }
            return
        }
        var currentStyle: Style?
        var currentLink: Int?
        for span in line.spans {
            let isFollowable = span.link.map { followableURL(number: $0, links: links) != nil } ?? false
            let link = hyperlinks && isFollowable ? span.link : nil
            if link != currentLink {
                if currentLink != nil { output += "\u{1B}]8;;\u{1B}\\" }
                if let link, let url = followableURL(number: link, links: links) {
                    output += "\u{1B}]8;;" + url + "\u{1B}\\"
                }
                currentLink = link
            }
            if span.style != currentStyle {
                output += sgr(for: span.style, depth: depth)
                currentStyle = span.style
            }
            output += span.text.string
        }
        if currentLink != nil { output += "\u{1B}]8;;\u{1B}\\" }
        if currentStyle != nil { output += "\u{1B}[0m" }
    }

    /// The SGR sequence drawing `style`, starting from a reset.
    func sgr(for style: Style, depth: ColourDepth) -> String {
        let entry = theme.entry(for: style.role)
        let attributes = entry.attributes.union(style.attributes)
        var codes = ["0"]
        let attributeCodes: [(Style.Attributes, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7"), (.strikethrough, "9"),
        ]
        for (attribute, code) in attributeCodes where attributes.contains(attribute) { codes.append(code) }
        if let foreground = entry.foreground { codes.append(colourCode(foreground, depth: depth, background: false)) }
        if let background = entry.background { codes.append(colourCode(background, depth: depth, background: true)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private func colourCode(_ colour: Colour, depth: ColourDepth, background: Bool) -> String {
        switch (depth, colour) {
        case (.trueColour, .rgb(let red, let green, let blue)):
            return (background ? "48;2;" : "38;2;") + "\(red);\(green);\(blue)"
        case (.trueColour, .indexed(let index)), (.indexed256, .indexed(let index)):
            return (background ? "48;5;" : "38;5;") + "\(index)"
        case (.indexed256, .rgb):
            return (background ? "48;5;" : "38;5;") + "\(colour.paletteIndex)"
        default:
            let index = Int(colour.standardIndex)
            let base = index < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
            return String(base + index % 8)
        }
    }

    /// The URL of a followable web link, made safe for an OSC 8 sequence.
    private func followableURL(number: Int, links: [LinkTarget]) -> String? {
        guard number >= 1, number <= links.count, case .web(let url, _) = links[number - 1].kind else { return nil }
        return HyperlinkURL(url)?.string
    }
}
