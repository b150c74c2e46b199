import QuireCore
import QuireRender

/// A thread on screen: each message with a header (sender, date, recipients, site), its body
/// rendered at the pane's width, and its attachments; slide decks shown a slide at a time (or
/// all at once), and the focused message's links numbered on request.
final class ReaderPane {
    /// A deck of one message, for its current slide.
    struct DeckKey: Hashable {
        var message: Int
        var deck: Int
    }

    let key: ThreadKey
    private(set) var summary: ThreadSummary
    private(set) var messages: [StoredMessage]
    let siteName: String
    var view = TextView()
    /// The message the reader acts on (reply, links, attachments): the one at the top.
    private(set) var focus = 0
    /// Show every slide of every deck instead of one at a time.
    var allSlides = false
    /// Show the focused message's numbered links under the text.
    var showLinkHints = false
    /// A message to scroll to once the thread is laid out (a search hit, a message link).
    var pendingReveal: String?
    private(set) var lines: [DisplayLine] = []
    private(set) var messageStarts: [Int] = []
    private var documents: [RenderedDocument] = []
    private var slides: [DeckKey: Int] = [:]
    private var deckStarts: [DeckKey: Int] = [:]
    private var built: BuildKey?

    private struct BuildKey: Hashable {
        var width: Int
        var theme: String
        var ambiguousWide: Bool
    }

    init(summary: ThreadSummary, messages: [StoredMessage], siteName: String) {
        self.key = ThreadKey(account: summary.account, id: summary.id)
        self.summary = summary
        self.messages = messages
        self.siteName = siteName
    }

    /// Takes the thread again after the store changed (a new reply); keeps the scroll.
    func update(summary: ThreadSummary, messages: [StoredMessage]) {
        self.summary = summary
        self.messages = messages
        built = nil
    }

    var focusedMessage: StoredMessage? { messages.indices.contains(focus) ? messages[focus] : nil }
    var focusedDocument: RenderedDocument? { documents.indices.contains(focus) ? documents[focus] : nil }

    /// Lays the thread out for a pane of `width` by `height` (rendering through `cache`), scrolls
    /// to the message waiting to be revealed, and keeps the scroll inside the text.
    func prepare(
        width: Int, height: Int, theme: UITheme, ambiguousWide: Bool, cache: RenderCache, utcOffset: Int64
    ) {
        layout(width: width, theme: theme, ambiguousWide: ambiguousWide, cache: cache, utcOffset: utcOffset)
        if let msgid = pendingReveal {
            reveal(msgid: msgid, height: height)
            pendingReveal = nil
        }
        view.clamp(lineCount: lines.count, height: height)
    }

    /// Lays the thread out for `width` columns (rendering through `cache`), unless it already is.
    func layout(width: Int, theme: UITheme, ambiguousWide: Bool, cache: RenderCache, utcOffset: Int64) {
        let key = BuildKey(width: width, theme: theme.name, ambiguousWide: ambiguousWide)
        guard built != key else { return }
        built = key
        documents = messages.map { message in
            cache.document(
                for: RenderCache.Key(
                    account: message.account, msgid: message.msgid, width: max(10, width), theme: theme.name,
                    ambiguousWide: ambiguousWide),
                markdown: FormDisplay.readerMarkdown(
                    body: message.body, attachments: message.attachments,
                    threadAttachments: messages.flatMap(\.attachments)),
                theme: theme.document)
        }
        rebuildLines(width: width, utcOffset: utcOffset)
    }

    /// Forces the next ``layout`` to lay out again (slides turned, hints toggled).
    func invalidate() { built = nil }

    /// Keeps ``focus`` on the message at the top of the view.
    func updateFocus() {
        focus = max(0, (messageStarts.lastIndex { $0 <= view.top }) ?? 0)
    }

    /// Moves to the next (`step` 1) or previous (-1) message; false at either end.
    func moveFocus(by step: Int, height: Int) -> Bool {
        let target = focus + step
        guard messageStarts.indices.contains(target) else { return false }
        focus = target
        view.reveal(line: messageStarts[target], lineCount: lines.count, height: height)
        if view.top != messageStarts[target] {
            view.scroll(.first, lineCount: lines.count, height: height)
            view.reveal(line: messageStarts[target], lineCount: lines.count, height: height)
        }
        return true
    }

    /// Scrolls to the message with `msgid` (a followed `#tid&mid` link).
    func reveal(msgid: String, height: Int) {
        guard let index = messages.firstIndex(where: { $0.msgid == msgid }), messageStarts.indices.contains(index)
        else { return }
        focus = index
        view.reveal(line: messageStarts[index], lineCount: lines.count, height: height)
    }

    /// Turns the deck nearest the top of the view by `step` slides; false when there is none.
    func turnSlide(by step: Int) -> Bool {
        guard !allSlides, let deck = visibleDeck() else { return false }
        let count = documents[deck.message].decks[deck.deck].slides.count
        let current = slides[deck] ?? 0
        slides[deck] = min(max(0, current + step), count - 1)
        built = nil
        return true
    }

    /// The deck on screen: the first one starting at or below the top line, else the last one
    /// above it.
    private func visibleDeck() -> DeckKey? {
        let ordered = deckStarts.sorted { $0.value < $1.value }
        return ordered.first { $0.value >= view.top }?.key ?? ordered.last?.key
    }

    // MARK: Layout

    private func rebuildLines(width: Int, utcOffset: Int64) {
        var output: [DisplayLine] = [
            DisplayLine([DisplaySpan(TerminalSafeText(sanitising: summary.subject), .header, attributes: .bold)])
        ]
        var starts: [Int] = []
        deckStarts = [:]
        let rule = TerminalSafeText(sanitising: String(repeating: "─", count: max(1, width)))
        for (index, message) in messages.enumerated() {
            output.append(DisplayLine([DisplaySpan(rule, .divider)]))
            starts.append(output.count)
            output += header(of: message, utcOffset: utcOffset)
            output.append(DisplayLine())
            output += body(of: index, startingAt: output.count)
            if !message.attachments.isEmpty {
                output.append(DisplayLine())
                output.append(DisplayLine([DisplaySpan(UIText("Attachments (a N opens, S N saves):"), .header)]))
                for (number, attachment) in message.attachments.enumerated() {
                    output.append(attachmentLine(attachment, number: number + 1))
                }
            }
            if showLinkHints && index == focus {
                output.append(DisplayLine())
                output += linkHintLines(documents[index])
            }
            output.append(DisplayLine())
        }
        lines = output
        messageStarts = starts
        view.clamp(lineCount: lines.count, height: 1)
    }

    private func header(of message: StoredMessage, utcOffset: Int64) -> [DisplayLine] {
        var first = DisplayLine([
            DisplaySpan(UIText("From: "), .rowDetail),
            DisplaySpan(TerminalSafeText(sanitising: message.fromAlias), .header, attributes: .bold),
            DisplaySpan(
                TerminalSafeText(sanitising: "  " + PostedDate.long(message.posted, utcOffset: utcOffset)), .rowDetail),
        ])
        if !siteName.isEmpty {
            first.append(DisplaySpan(UIText("  via "), .rowDetail))
            first.append(DisplaySpan(TerminalSafeText(sanitising: siteName), .rowDetail))
        }
        if !message.isRead { first.append(DisplaySpan(UIText("  new"), .notice)) }
        var result = [first]
        if !message.recipients.isEmpty {
            let names = message.recipients.map { $0.isGroup ? "group " + $0.alias : $0.alias }.joined(separator: ", ")
            result.append(
                DisplayLine([
                    DisplaySpan(UIText("Cc:   "), .rowDetail), DisplaySpan(TerminalSafeText(sanitising: names), .row),
                ]))
        }
        return result
    }

    /// The message's lines; `base` is where they start in ``lines``, to place its decks.
    private func body(of index: Int, startingAt base: Int) -> [DisplayLine] {
        let document = documents[index]
        var result: [DisplayLine] = []
        var next = 0
        for (deckIndex, deck) in document.decks.enumerated() {
            let start = min(max(next, deck.lineRange.lowerBound), document.lines.count)
            result += document.lines[next..<start].map { DisplayLine($0) }
            let key = DeckKey(message: index, deck: deckIndex)
            if allSlides || deck.slides.isEmpty {
                deckStarts[key] = base + result.count
                result += document.lines[start..<min(deck.lineRange.upperBound, document.lines.count)].map {
                    DisplayLine($0)
                }
            } else {
                let current = min(slides[key] ?? 0, deck.slides.count - 1)
                deckStarts[key] = base + result.count
                result += deck.slides[current].map { DisplayLine($0) }
                result.append(
                    DisplayLine([
                        DisplaySpan(
                            TerminalSafeText(
                                sanitising: "slide \(current + 1) of \(deck.slides.count): ] or > next, < previous, "
                                    + "s all slides"), .rowDetail)
                    ]))
            }
            next = min(deck.lineRange.upperBound, document.lines.count)
        }
        result += document.lines[min(next, document.lines.count)...].map { DisplayLine($0) }
        return result
    }

    private func attachmentLine(_ attachment: AttachmentInfo, number: Int) -> DisplayLine {
        let state = attachment.storedPath == nil ? "not downloaded yet" : "downloaded"
        let kind =
            switch attachment.kind {
            case .upload: "file"
            case .form: "form to fill (F N)"
            case .formResult: "filled form"
            }
        return DisplayLine([
            DisplaySpan(TerminalSafeText(sanitising: "  [\(number)] "), .mark),
            DisplaySpan(TerminalSafeText(sanitising: attachment.name), .row),
            DisplaySpan(
                TerminalSafeText(
                    sanitising: "  \(kind), \(ReaderPane.size(attachment.size)), \(state)"),
                .rowDetail),
        ])
    }

    private func linkHintLines(_ document: RenderedDocument) -> [DisplayLine] {
        guard !document.links.isEmpty else {
            return [DisplayLine([DisplaySpan(UIText("No links in this message."), .notice)])]
        }
        var result = [DisplayLine([DisplaySpan(UIText("Links (type the number, Enter to follow):"), .notice)])]
        for link in document.links {
            result.append(
                DisplayLine([
                    DisplaySpan(TerminalSafeText(sanitising: "  [\(link.number)] "), .mark),
                    DisplaySpan(link.destination, link.isFollowable ? .row : .rowDetail),
                ]))
        }
        return result
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KiB" }
        return "\(bytes / (1024 * 1024)) MiB"
    }
}
