/// Lays out block Markdown (paragraphs, headings, quotes, lists, code, tables, charts) into
/// lines no wider than the width it is given.
struct BlockRenderer {
    let context: RenderContext

    private var glyphs: Glyphs { context.glyphs }
    private var ambiguousWide: Bool { context.options.ambiguousWide }

    /// Content narrower than this stops getting indented: deep nesting keeps readable text.
    private func minimumContentWidth(_ width: Int) -> Int { min(20, max(1, context.options.effectiveWidth / 2)) }

    /// Renders sibling blocks, separated by a blank line unless `tight`.
    func render(_ blocks: [MarkdownNode], width: Int, tight: Bool = false) -> [StyledLine] {
        var lines: [StyledLine] = []
        for block in blocks {
            let rendered = render(block, width: width, tight: tight)
            if rendered.isEmpty { continue }
            if !lines.isEmpty && !tight { lines.append(.blank) }
            lines.append(contentsOf: rendered)
        }
        return lines
    }

    private func render(_ block: MarkdownNode, width: Int, tight: Bool) -> [StyledLine] {
        switch block.kind {
        case .document:
            return render(block.children, width: width)
        case .paragraph:
            return wrap(InlineRenderer(context: context).render(block.children), width: width)
        case .heading(let level):
            return heading(block, level: level, width: width)
        case .thematicBreak:
            return [StyledLine([StyledSpan(glyph: String(repeated: glyphs.horizontal, count: width), .rule)])]
        case .blockQuote:
            return quote(block.children, width: width)
        case .list(let ordered, let start, let isTight):
            return list(block.children, ordered: ordered, start: start, tight: isTight, width: width)
        case .item:
            return render(block.children, width: width, tight: tight)
        case .codeBlock(let info, let literal):
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            if language.lowercased() == "chart" {
                return ChartRenderer(context: context).render(source: literal, width: width)
            }
            return codeBlock(literal, role: .codeBlock, width: width)
        case .htmlBlock(let html):
            return codeBlock(html, role: .html, width: width)
        case .table(let alignments):
            return TableRenderer(context: context).render(block, alignments: alignments, width: width)
        case .flattened(let text):
            return wrap([StyledSpan(Sanitiser.sanitise(text), style: Style(.plain))], width: width)
        case .tableRow, .tableCell, .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong,
            .strikethrough, .link, .image:
            // Inline content where a block was expected (a custom block): lay it out as a paragraph.
            return wrap(InlineRenderer(context: context).render([block]), width: width)
        }
    }

    func wrap(_ spans: [StyledSpan], width: Int) -> [StyledLine] {
        LineWrapper(width: width, ambiguousWide: ambiguousWide).wrap(spans)
    }

    /// Code kept verbatim: tabs to 4-column stops, long lines wrapped or clipped with a marker.
    func codeBlock(_ literal: String, role: Style.Role, width: Int) -> [StyledLine] {
        let indent = width > 24 ? 2 : 0
        var text = Sanitiser.sanitise(Self.expandingTabs(literal)).string
        if text.hasSuffix("\n") { text.removeLast() }
        let span = StyledSpan(TerminalSafeText(verified: text), style: Style(role))
        let lines = LineWrapper(width: width - indent, ambiguousWide: ambiguousWide)
            .verbatim([span], overflow: context.options.codeOverflow, glyphs: glyphs)
        return lines.map { prefixed($0, with: String(repeated: " ", count: indent), role: .codeBlock) }
    }

    static func expandingTabs(_ text: String) -> String {
        guard UTF8Bytes.contains(0x09, in: text) else { return text }
        var result = ""
        var column = 0
        for character in text {
            if character == "\t" {
                let spaces = 4 - column % 4
                result += String(repeated: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column = character == "\n" ? 0 : column + 1
            }
        }
        return result
    }

    private func heading(_ block: MarkdownNode, level: Int, width: Int) -> [StyledLine] {
        let style = Style(.heading(level), attributes: .bold)
        var spans = InlineRenderer(context: context).render(block.children, base: style)
        if level >= 3 {
            spans.insert(StyledSpan(glyph: String(repeated: "#", count: level) + " ", .heading(level)), at: 0)
        }
        var lines = wrap(spans, width: width)
        if level <= 2, !lines.isEmpty {
            let textWidth = lines.map { $0.width(ambiguousWide: ambiguousWide) }.max() ?? 0
            let rule = level == 1 ? glyphs.heading1Rule : glyphs.horizontal
            let count = min(width, max(1, textWidth))
            lines.append(StyledLine([StyledSpan(glyph: String(repeated: rule, count: count), .heading(level))]))
        }
        return lines
    }

    private func quote(_ children: [MarkdownNode], width: Int) -> [StyledLine] {
        let bar = glyphs.quoteBar + " "
        let barWidth = DisplayWidth.of(bar, ambiguousWide: ambiguousWide)
        guard width - barWidth >= minimumContentWidth(width) else {
            return render(children, width: width).map(quoted)
        }
        return render(children, width: width - barWidth).map { prefixed(quoted($0), with: bar, role: .quote) }
    }

    /// Quote text takes the quote style where it has no style of its own.
    private func quoted(_ line: StyledLine) -> StyledLine {
        StyledLine(
            line.spans.map { span in
                var span = span
                if span.style.role == .plain { span.style.role = .quote }
                return span
            }
        )
    }

    private func list(
        _ items: [MarkdownNode], ordered: Bool, start: Int, tight: Bool, width: Int
    ) -> [StyledLine] {
        let depth = context.enterList()
        defer { context.leaveList() }
        let lastNumber = start + max(0, items.count - 1)
        let numberWidth = String(lastNumber).count
        var lines: [StyledLine] = []
        for (offset, item) in items.enumerated() {
            var marker: String
            if case .item(let task?) = item.kind {
                marker = task ? "[x]" : "[ ]"
            } else if ordered {
                let number = String(start + offset)
                marker = String(repeated: " ", count: numberWidth - number.count) + number + "."
            } else {
                marker = glyphs.bullets[depth % glyphs.bullets.count]
            }
            marker += " "
            var markerWidth = DisplayWidth.of(marker, ambiguousWide: ambiguousWide)
            if width - markerWidth < 4 {
                marker = ordered ? String(start + offset) + ". " : ""
                markerWidth = DisplayWidth.of(marker, ambiguousWide: ambiguousWide)
            }
            let content: [MarkdownNode]
            if case .flattened = item.kind { content = [item] } else { content = item.children }
            let body = render(content, width: max(1, width - markerWidth), tight: tight)
            if !lines.isEmpty && !tight { lines.append(.blank) }
            let hanging = String(repeated: " ", count: markerWidth)
            if body.isEmpty {
                lines.append(StyledLine([StyledSpan(glyph: marker, .listMarker)]))
            }
            for (index, line) in body.enumerated() {
                lines.append(prefixed(line, with: index == 0 ? marker : hanging, role: .listMarker))
            }
        }
        return lines
    }

    func prefixed(_ line: StyledLine, with prefix: String, role: Style.Role) -> StyledLine {
        guard !prefix.isEmpty else { return line }
        var spans = line.spans
        let trimmed = line.spans.isEmpty ? String(prefix.reversed().drop { $0 == " " }.reversed()) : prefix
        if !trimmed.isEmpty { spans.insert(StyledSpan(glyph: trimmed, role), at: 0) }
        return StyledLine(spans)
    }
}
