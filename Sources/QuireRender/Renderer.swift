/// Renders a TMTP message body (CommonMark, GitHub tables, strikethrough, autolinks and task
/// lists, plus mnm's decks, message links, attachments, forms, charts and hashtags) into
/// styled lines for a terminal of a given width.
///
/// Pure: no terminal, no store, no I/O. Every string that reaches a ``StyledLine`` went
/// through ``Sanitiser``, and no line is wider than ``RenderOptions/width``.
public struct Renderer: Sendable {
    public var options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public func render(_ markdown: String) -> RenderedDocument {
        let context = RenderContext(options: options)
        let width = options.effectiveWidth
        let source = capped(markdown, context: context)
        var lines: [StyledLine] = []
        var decks: [Deck] = []
        for segment in DeckSplitter.split(source) {
            switch segment {
            case .markdown(let text):
                let rendered = renderMarkdown(text, context: context, width: width)
                if rendered.isEmpty { continue }
                if !lines.isEmpty { lines.append(.blank) }
                lines += rendered
            case .deck(let slides):
                if !lines.isEmpty { lines.append(.blank) }
                let deckStart = lines.count
                var pages: [[StyledLine]] = []
                for (index, slide) in slides.enumerated() {
                    var page = [slideHeader(index + 1, of: slides.count, width: width, context: context)]
                    page += renderMarkdown(slide, context: context, width: width)
                    pages.append(page)
                    if index > 0 { lines.append(.blank) }
                    lines += page
                }
                decks.append(
                    Deck(
                        slides: pages.map { $0.map { fitted($0, width: width, context: context) } },
                        lineRange: deckStart..<lines.count))
            }
        }
        lines += trailer(context: context, width: width, hasContent: !lines.isEmpty)
        lines = lines.map { fitted($0, width: width, context: context) }
        return RenderedDocument(
            lines: lines, links: context.links, attachments: context.attachments, forms: context.forms,
            hashtags: context.hashtags, decks: decks, notices: context.notices
        )
    }

    /// Cuts the input at the byte cap (at a line end when one is near) before anything parses it.
    private func capped(_ markdown: String, context: RenderContext) -> String {
        let total = markdown.utf8.count
        let cap = max(0, options.maximumInputBytes)
        guard total > cap else { return markdown }
        let utf8 = markdown.utf8
        var end = utf8.index(utf8.startIndex, offsetBy: cap)
        while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) {
            end = utf8.index(before: end)
        }
        var prefix = Substring(markdown.unicodeScalars[..<end])
        if let newline = prefix.utf8.lastIndex(of: 0x0A),
            prefix.utf8.distance(from: newline, to: prefix.utf8.endIndex) < 4096
        {
            prefix = Substring(prefix.unicodeScalars[...newline])
        }
        context.note(.inputTruncated(totalBytes: total, renderedBytes: prefix.utf8.count))
        return String(prefix)
    }

    /// Opening brackets read as link or image syntax; libcmark-gfm 0.29's bracket matching is
    /// quadratic in the number of unmatched openers, so later ones are escaped before parsing.
    static let maximumBrackets = 4096

    private func renderMarkdown(_ text: String, context: RenderContext, width: Int) -> [StyledLine] {
        var safe = Sanitiser.sanitise(text).string
        if let limited = Self.escapingBrackets(after: Self.maximumBrackets, in: safe) {
            safe = limited
            context.note(.bracketsLimited(maximum: Self.maximumBrackets))
        }
        if let limited = Self.escapingPipes(after: TableRenderer.maximumColumns * 2, in: safe) {
            safe = limited
        }
        let parsed = MarkdownParser.parse(safe, maximumDepth: max(4, options.maximumNesting))
        if parsed.flattened { context.note(.nestingFlattened(maximum: options.maximumNesting)) }
        return BlockRenderer(context: context).render(parsed.root.children, width: width)
    }

    /// The text with every `[` after the first `limit` escaped, or nil when within the limit.
    static func escapingBrackets(after limit: Int, in text: String) -> String? {
        let count = UTF8Bytes.with(text) { bytes in
            bytes.reduce(0) { $1 == UInt8(ascii: "[") ? $0 + 1 : $0 }
        }
        guard count > limit else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + count - limit)
        var seen = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "[") {
                seen += 1
                if seen > limit { bytes.append(UInt8(ascii: "\\")) }
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text with every `|` of a line after its first `limit` escaped (libcmark-gfm 0.29's
    /// table extension slows down sharply with thousands of columns), or nil when none has more.
    static func escapingPipes(after limit: Int, in text: String) -> String? {
        let needed = UTF8Bytes.with(text) { bytes in
            var perLine = 0
            for byte in bytes {
                if byte == UInt8(ascii: "|") {
                    perLine += 1
                    if perLine > limit { return true }
                } else if byte == 0x0A {
                    perLine = 0
                }
            }
            return false
        }
        guard needed else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        var perLine = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "|") {
                perLine += 1
                if perLine > limit { bytes.append(UInt8(ascii: "\\")) }
            } else if byte == 0x0A {
                perLine = 0
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func slideHeader(_ number: Int, of count: Int, width: Int, context: RenderContext) -> StyledLine {
        let full = " slide \(number)/\(count) "
        let label = full.count <= width ? full : " \(number)/\(count) "
        let left = max(0, (width - label.count) / 2)
        let right = max(0, width - label.count - left)
        let rule = context.glyphs.horizontal
        let text = String(repeated: rule, count: left) + label + String(repeated: rule, count: right)
        return StyledLine([StyledSpan(glyph: text, .slideMarker)])
    }

    /// Notices, then the numbered link and attachment lists.
    private func trailer(context: RenderContext, width: Int, hasContent: Bool) -> [StyledLine] {
        var lines: [StyledLine] = []
        let wrapper = LineWrapper(width: width, ambiguousWide: options.ambiguousWide)
        for notice in context.notices {
            lines += wrapper.wrap([StyledSpan(Sanitiser.sanitise("[notice: \(notice)]"), style: Style(.notice))])
        }
        guard options.listsTargets, !context.links.isEmpty || !context.attachments.isEmpty else {
            return lines.isEmpty || !hasContent ? lines : [.blank] + lines
        }
        var entries: [(label: String, spans: [StyledSpan])] = []
        for link in context.links {
            let (description, role): (String, Style.Role)
            switch link.kind {
            case .web(let url, _): (description, role) = (url, .link)
            case .message(let thread, let message):
                (description, role) = ("message \(message) in thread \(thread)", .messageLink)
            case .thread(let thread): (description, role) = ("thread \(thread)", .messageLink)
            case .other: (description, role) = (link.destination.string + " (not followable)", .plain)
            }
            let span = StyledSpan(
                TerminalSafeText(verified: description), style: Style(role), link: link.isFollowable ? link.number : nil
            )
            entries.append(("[\(link.number)] ", [span]))
        }
        for attachment in context.attachments {
            let owner: String
            switch attachment.owner {
            case .thisMessage: owner = "this message"
            case .message(let id): owner = "message \(id)"
            }
            let kind: String
            switch attachment.kind {
            case .upload: kind = "attachment"
            case .form: kind = "blank form"
            case .filledForm: kind = "filled form"
            }
            let spans = [
                StyledSpan(attachment.name, style: Style(.attachment)),
                StyledSpan(
                    TerminalSafeText(verified: " (\(kind), \(Sanitiser.sanitise(owner).string))"), style: Style(.plain)),
            ]
            entries.append(("[a\(attachment.number)] ", spans))
        }
        let labelWidth = entries.map(\.label.count).max() ?? 0
        var list: [StyledLine] = [
            StyledLine([StyledSpan(glyph: String(repeated: context.glyphs.horizontal, count: min(width, 20)), .rule)])
        ]
        let bodyWidth = width - labelWidth
        for entry in entries {
            let label = String(repeated: " ", count: labelWidth - entry.label.count) + entry.label
            if bodyWidth >= 10 {
                let body = LineWrapper(width: bodyWidth, ambiguousWide: options.ambiguousWide).wrap(entry.spans)
                for (index, line) in body.enumerated() {
                    let prefix = index == 0 ? label : String(repeated: " ", count: labelWidth)
                    list.append(StyledLine([StyledSpan(glyph: prefix, .linkRef)] + line.spans))
                }
            } else {
                list += wrapper.wrap([StyledSpan(glyph: entry.label, .linkRef)] + entry.spans)
            }
        }
        return (hasContent ? [.blank] : []) + lines + (lines.isEmpty ? [] : [.blank]) + list
    }

    /// The last guard of the width promise: a line that somehow came out too wide is cut.
    /// Trailing spaces of unstyled text go too, so plain output has none.
    private func fitted(_ line: StyledLine, width: Int, context: RenderContext) -> StyledLine {
        var line = line
        if line.spans.contains(where: { $0.text.isEmpty }) { line.spans.removeAll { $0.text.isEmpty } }
        while let last = line.spans.last, last.style.attributes.isEmpty, last.text.string.utf8.last == 0x20 {
            let trimmed = String(last.text.string.reversed().drop { $0 == " " }.reversed())
            if trimmed.isEmpty {
                line.spans.removeLast()
            } else {
                line.spans[line.spans.count - 1].text = TerminalSafeText(verified: trimmed)
                break
            }
        }
        // No character takes more columns than it has UTF-8 bytes: short lines need no measuring.
        if line.spans.reduce(0, { $0 + $1.text.string.utf8.count }) <= width { return line }
        var total = 0
        for (index, span) in line.spans.enumerated() {
            let columns = DisplayWidth.of(span.text.string, ambiguousWide: options.ambiguousWide)
            if total + columns > width {
                var spans = Array(line.spans[..<index])
                var cut = span
                cut.text = DisplayWidth.truncate(span.text, to: width - total, ambiguousWide: options.ambiguousWide)
                if !cut.text.isEmpty { spans.append(cut) }
                return StyledLine(spans)
            }
            total += columns
        }
        return line
    }
}

/// Renders `markdown` with `options`; see ``Renderer``.
public func render(_ markdown: String, options: RenderOptions = RenderOptions()) -> RenderedDocument {
    Renderer(options: options).render(markdown)
}
