/// Turns inline Markdown (text, emphasis, code, links, images) into styled spans; a hard line
/// break becomes `"\n"` for ``LineWrapper``.
struct InlineRenderer {
    let context: RenderContext

    /// Styles inherited from enclosing inlines.
    private struct Inherited {
        var style: Style
        var link: Int?
        var insideLink = false
    }

    func render(_ nodes: [MarkdownNode], base: Style = Style(.plain)) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        append(nodes, inherited: Inherited(style: base), into: &spans)
        return spans
    }

    private func append(_ nodes: [MarkdownNode], inherited: Inherited, into spans: inout [StyledSpan]) {
        for node in nodes { append(node, inherited: inherited, into: &spans) }
    }

    private func append(_ node: MarkdownNode, inherited: Inherited, into spans: inout [StyledSpan]) {
        switch node.kind {
        case .text(let text), .flattened(let text):
            let safe = Sanitiser.sanitise(text)
            if inherited.insideLink || inherited.style.role == .code {
                spans.append(StyledSpan(safe, style: inherited.style, link: inherited.link))
            } else {
                appendScanningHashtags(safe, inherited: inherited, into: &spans)
            }
        case .softBreak:
            spans.append(StyledSpan(TerminalSafeText(verified: " "), style: inherited.style, link: inherited.link))
        case .lineBreak:
            spans.append(StyledSpan(TerminalSafeText(verified: "\n"), style: inherited.style, link: inherited.link))
        case .code(let code):
            let style = Style(.code, attributes: inherited.style.attributes)
            spans.append(StyledSpan(Self.singleLine(Sanitiser.sanitise(code)), style: style, link: inherited.link))
        case .htmlInline(let html):
            let style = Style(.html, attributes: inherited.style.attributes)
            spans.append(StyledSpan(Self.singleLine(Sanitiser.sanitise(html)), style: style, link: inherited.link))
        case .emphasis:
            append(node.children, inherited: adding(.italic, role: .emphasis, to: inherited), into: &spans)
        case .strong:
            append(node.children, inherited: adding(.bold, role: .strong, to: inherited), into: &spans)
        case .strikethrough:
            append(node.children, inherited: adding(.strikethrough, role: .strike, to: inherited), into: &spans)
        case .link(let destination, _):
            appendLink(node, destination: destination, inherited: inherited, into: &spans)
        case .image(let destination, _):
            appendImage(node, destination: destination, inherited: inherited, into: &spans)
        default:
            append(node.children, inherited: inherited, into: &spans)
        }
    }

    private func adding(_ attribute: Style.Attributes, role: Style.Role, to inherited: Inherited) -> Inherited {
        var result = inherited
        result.style.attributes.insert(attribute)
        if result.style.role == .plain || result.style.role == .emphasis || result.style.role == .strong {
            result.style.role = role
        }
        return result
    }

    private func appendLink(
        _ node: MarkdownNode, destination: String, inherited: Inherited, into spans: inout [StyledSpan]
    ) {
        if inherited.insideLink {
            append(node.children, inherited: inherited, into: &spans)
            return
        }
        let target = LinkDestination(destination)
        let attributes = inherited.style.attributes
        switch target {
        case .attachment(let owner, let kind, let name):
            let attachment = context.attachment(reference: destination, owner: owner, kind: kind, name: name)
            var linked = Inherited(style: Style(.attachment, attributes: attributes), insideLink: true)
            linked.link = nil
            append(node.children, inherited: linked, into: &spans)
            spans.append(reference("[a\(attachment.number)]", role: .linkRef, link: nil))
        case .web, .message, .thread, .other:
            let (kind, role) = Self.linkKind(target)
            let number = context.linkNumber(for: destination, kind: kind)
            let linked = Inherited(style: Style(role, attributes: attributes), link: number, insideLink: true)
            let start = spans.count
            append(node.children, inherited: linked, into: &spans)
            let text = spans[start...].reduce(into: "") { $0 += $1.text.string }
            spans.append(reference(Self.referenceLabel(number: number, target: target, text: text), role: .linkRef))
        }
    }

    private func appendImage(
        _ node: MarkdownNode, destination: String, inherited: Inherited, into spans: inout [StyledSpan]
    ) {
        let alt = Self.plainText(of: node.children)
        let target = LinkDestination(destination)
        if case .attachment(let owner, let kind, let name) = target {
            let attachment = context.attachment(reference: destination, owner: owner, kind: kind, name: name)
            if alt.hasPrefix("?") && kind == .form {
                let label = String(alt.dropFirst()).trimmingCharacters(in: " ")
                if let form = context.form(for: attachment, label: label) {
                    let title = form.label.isEmpty ? attachment.name.string : form.label.string
                    spans.append(reference("[form \(form.number): \(title)]", role: .form, sanitising: true))
                }
                return
            }
            let description = alt.isEmpty ? attachment.name.string : alt + " - " + attachment.name.string
            spans.append(reference("[image a\(attachment.number): \(description)]", role: .image, sanitising: true))
            return
        }
        spans.append(reference("[image: \(alt.isEmpty ? "no description" : alt)]", role: .image, sanitising: true))
        guard !inherited.insideLink else { return }
        let (kind, _) = Self.linkKind(target)
        let number = context.linkNumber(for: destination, kind: kind)
        spans.append(reference(Self.referenceLabel(number: number, target: target, text: ""), role: .linkRef))
    }

    private func reference(_ text: String, role: Style.Role, link: Int? = nil, sanitising: Bool = false) -> StyledSpan {
        let safe = sanitising ? Self.singleLine(Sanitiser.sanitise(text)) : TerminalSafeText(verified: text)
        return StyledSpan(safe, style: Style(role), link: link)
    }

    private static func linkKind(_ target: LinkDestination) -> (LinkTarget.Kind, Style.Role) {
        switch target {
        case .web(let url, let host): (.web(url: url, host: host), .link)
        case .message(let thread, let message): (.message(thread: thread, message: message), .messageLink)
        case .thread(let thread): (.thread(thread), .messageLink)
        case .attachment, .other: (.other, .link)
        }
    }

    /// `[3]`, or `[3 example.com]` when the text does not already show where the link goes.
    /// A no-break space keeps the reference on one line.
    private static func referenceLabel(number: Int, target: LinkDestination, text: String) -> String {
        switch target {
        case .web(let url, let host):
            if text == url || text == host || Self.sameLink(text, url, host) { return "[\(number)]" }
            return "[\(number)\u{A0}\(Sanitiser.sanitise(host).string)]"
        case .message: return "[\(number)\u{A0}message]"
        case .thread: return "[\(number)\u{A0}thread]"
        case .attachment, .other: return "[\(number)]"
        }
    }

    /// Whether link text shows the destination (ignoring case, scheme and `mailto:`).
    private static func sameLink(_ text: String, _ url: String, _ host: String) -> Bool {
        let shown = text.lowercased()
        let bare = url.lowercased().utf8.drop { $0 != UInt8(ascii: ":") }.dropFirst().drop { $0 == UInt8(ascii: "/") }
        return shown == url.lowercased() || shown.utf8.elementsEqual(bare) || shown == host
    }

    static func plainText(of nodes: [MarkdownNode]) -> String {
        var text = ""
        for node in nodes {
            switch node.kind {
            case .text(let literal), .code(let literal), .htmlInline(let literal), .flattened(let literal):
                text += literal
            case .softBreak, .lineBreak:
                text += " "
            default:
                text += plainText(of: node.children)
            }
        }
        return text
    }

    /// Inline code and raw HTML keep their text on one logical line.
    private static func singleLine(_ text: TerminalSafeText) -> TerminalSafeText {
        let hasBreakByte = UTF8Bytes.with(text.string) { $0.contains { $0 == 0x0A || $0 == 0x09 } }
        guard hasBreakByte, text.string.contains(where: { $0 == "\n" || $0 == "\t" }) else { return text }
        return TerminalSafeText(verified: String(text.string.map { $0 == "\n" || $0 == "\t" ? " " : $0 }))
    }

    private func appendScanningHashtags(
        _ text: TerminalSafeText, inherited: Inherited, into spans: inout [StyledSpan]
    ) {
        let string = text.string
        guard UTF8Bytes.contains(UInt8(ascii: "#"), in: string) else {
            spans.append(StyledSpan(text, style: inherited.style, link: inherited.link))
            return
        }
        var plainStart = string.startIndex
        for tag in HashtagScanner.hashtags(in: string) {
            if plainStart < tag.range.lowerBound {
                let piece = TerminalSafeText(verified: String(string[plainStart..<tag.range.lowerBound]))
                spans.append(StyledSpan(piece, style: inherited.style, link: inherited.link))
            }
            let style = Style(.hashtag, attributes: inherited.style.attributes)
            spans.append(
                StyledSpan(TerminalSafeText(verified: String(string[tag.range])), style: style, link: inherited.link)
            )
            context.hashtag(tag.name)
            plainStart = tag.range.upperBound
        }
        if plainStart < string.endIndex {
            let piece = TerminalSafeText(verified: String(string[plainStart...]))
            spans.append(StyledSpan(piece, style: inherited.style, link: inherited.link))
        }
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result = result.dropFirst() }
        while result.last == character { result = result.dropLast() }
        return String(result)
    }
}
