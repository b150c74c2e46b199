import QuireCore
import QuireRender

/// The open thread beside (or below) the list: opening and closing it, its commands (messages,
/// slides, links, attachments, forms) and keeping it current when the thread changes.
final class ReaderScreen {
    /// Where attachments open and are saved, from the configuration.
    struct Places {
        var opener: [String]
        var downloadDirectory: String?
        var home: String
    }

    private(set) var pane: ReaderPane?
    private let reader: StoreReader
    private let client: QuireClient
    private let work: BackgroundWork
    private let status: StatusBoard
    private let places: Places

    init(services: AppServices, work: BackgroundWork, status: StatusBoard, places: Places) {
        reader = services.reader
        client = services.client
        self.work = work
        self.status = status
        self.places = places
    }

    var isOpen: Bool { pane != nil }
    var key: ThreadKey? { pane?.key }

    /// Opens `key` scrolled to `msgid` (when given) and marks it read; false when it cannot.
    @discardableResult
    func open(_ key: ThreadKey, revealing msgid: String?, siteName: String) -> Bool {
        do {
            guard let summary = try reader.thread(account: key.account, id: key.id) else {
                status.error("no thread \(key.id) in \(key.account)")
                return false
            }
            let messages = try reader.messages(account: key.account, thread: key.id)
            pane = ReaderPane(summary: summary, messages: messages, siteName: siteName)
            pane?.pendingReveal = msgid
            if summary.unreadCount > 0 {
                // Marked read off the UI thread: the thread shows at once, and the list and the
                // top bar follow when the write has committed.
                let client = self.client
                work.start(failing: "mark the thread read") {
                    try await client.setRead(true, account: key.account, thread: key.id)
                    return nil
                }
            }
            status.clear()
            return true
        } catch {
            status.error("cannot open the thread: \(error)")
            return false
        }
    }

    func close() {
        pane = nil
    }

    /// Whether a change of `account`'s `thread` (nil: any) touches the open thread.
    func isAffected(account: String?, thread: String?) -> Bool {
        guard let key = pane?.key else { return false }
        return (account == nil || account == key.account) && (thread == nil || thread == key.id)
    }

    /// Reads the open thread again after a change; a thread that is gone closes.
    func refresh() {
        guard let pane else { return }
        let key = pane.key
        guard let summary = try? reader.thread(account: key.account, id: key.id),
            let messages = try? reader.messages(account: key.account, thread: key.id)
        else {
            self.pane = nil
            return
        }
        // Read-state changes are not worth a relayout; new messages are, and so are messages
        // that changed otherwise (an attachment's file arrived, a forwarded copy confirmed).
        if Self.unread(messages) != Self.unread(pane.messages) { pane.update(summary: summary, messages: messages) }
    }

    /// The messages as if none were read, to compare all but their read state.
    private static func unread(_ messages: [StoredMessage]) -> [StoredMessage] {
        messages.map { message in
            var message = message
            message.isRead = false
            return message
        }
    }

    /// The family of the focused message's first form (blank or filled), for its results.
    var focusedFormFamily: String? {
        guard let form = pane?.focusedMessage?.attachments.first(where: { $0.kind == .form || $0.kind == .formResult })
        else { return nil }
        return FormName.family(ofAttachment: form.name)
    }

    /// The message reply and forward act on: the one in focus.
    var focusedMsgid: String? { pane?.focusedMessage?.msgid }

    /// Lays the thread out for `rect` (before drawing, and before a command that moves in it,
    /// which may come before the first draw).
    func prepare(for rect: Rect, theme: UITheme, ambiguousWide: Bool, cache: RenderCache, dates: RelativeDate) {
        pane?.prepare(
            width: rect.width, height: rect.height, theme: theme, ambiguousWide: ambiguousWide, cache: cache,
            utcOffset: dates.utcOffset)
    }

    func draw(in canvas: Canvas, base: CellStyle) {
        guard let pane, !canvas.rect.isEmpty else { return }
        pane.view.draw(pane.lines, in: canvas, base: base)
    }

    func move(_ motion: Motion, height: Int) {
        guard let pane else { return }
        pane.view.scroll(motion, lineCount: pane.lines.count, height: height)
        pane.updateFocus()
    }

    /// Which message of how many is in focus, for the status line.
    var statusText: TerminalSafeText {
        guard let pane else { return .empty }
        return TerminalSafeText(sanitising: "message \(pane.focus + 1)/\(pane.messages.count)")
    }

    /// Hides the link numbers (the link prompt was cancelled).
    func hideLinkHints() {
        pane?.showLinkHints = false
        pane?.invalidate()
    }

    /// Forces a layout with the new theme.
    func invalidate() {
        pane?.invalidate()
    }

    /// Carries out a reader command on a laid-out thread `height` rows high.
    func perform(_ command: Command, height: Int, accounts: [String]) -> AppRoute? {
        guard let pane else {
            status.info("open a thread first (Enter)")
            return nil
        }
        switch command {
        case .nextMessage:
            if !pane.moveFocus(by: 1, height: height) { status.info("last message") }
        case .previousMessage:
            if !pane.moveFocus(by: -1, height: height) { status.info("first message") }
        case .nextSlide, .previousSlide:
            if !pane.turnSlide(by: command == .nextSlide ? 1 : -1) {
                status.info(pane.allSlides ? "all slides shown (s)" : "no slide deck here")
            }
        case .allSlides:
            pane.allSlides.toggle()
            pane.invalidate()
            status.info(pane.allSlides ? "all slides" : "one slide at a time")
        case .linkHints:
            pane.showLinkHints = true
            pane.invalidate()
            return .prompt(.followLink, text: "")
        case .followLink(let number):
            return followLink(number, accounts: accounts)
        case .openAttachment(let number):
            guard let attachment = attachment(number) else { return nil }
            guard let path = attachment.storedPath else {
                status.error("\(attachment.name) is not downloaded yet (the sync fetches it)")
                return nil
            }
            do {
                try Opener(command: places.opener).open(path)
                status.info("opened \(attachment.name)")
            } catch {
                status.error(error.description)
            }
        case .saveAttachment(let number, let path):
            guard let attachment = attachment(number) else { return nil }
            do {
                let saved = try AttachmentSaver.save(
                    attachment, path: path.map(expandTilde), directory: places.downloadDirectory.map(expandTilde))
                status.info("saved \(saved)")
            } catch {
                status.error("\(error)")
            }
        case .fillForm(let number):
            return fillForm(number)
        default:
            break
        }
        return nil
    }

    /// Follows link `number` of the focused message: our own thread links inside the app (in
    /// the same site first, then in the other `accounts`), web links with the opener.
    func followLink(_ number: Int, accounts: [String]) -> AppRoute? {
        guard let pane, let document = pane.focusedDocument else { return nil }
        hideLinkHints()
        guard let link = document.links.first(where: { $0.number == number }) else {
            status.error(
                document.links.isEmpty ? "this message has no links" : "links are numbered 1 to \(document.links.count)"
            )
            return nil
        }
        switch link.kind {
        case .web(let url, _):
            do {
                try Opener(command: places.opener).open(url)
                status.info("opened \(url)")
            } catch {
                status.error(error.description)
            }
            return nil
        case .thread(let thread):
            return linkedThread(thread, msgid: nil, from: pane.key.account, accounts: accounts)
        case .message(let thread, let msgid):
            return linkedThread(thread, msgid: msgid, from: pane.key.account, accounts: accounts)
        case .other:
            status.error("quire does not open links like \(link.destination.string)")
            return nil
        }
    }

    /// Thread ids are unique per site: `thread` in `account` if it is there, else in the first
    /// of the other `accounts` that has it.
    private func linkedThread(_ thread: String, msgid: String?, from account: String, accounts: [String]) -> AppRoute? {
        let order = [account] + accounts.filter { $0 != account }
        guard let summary = order.lazy.compactMap({ try? self.reader.thread(account: $0, id: thread) }).first
        else {
            status.error("thread \(thread) is not in this store")
            return nil
        }
        return .openThread(ThreadKey(account: summary.account, id: summary.id), revealing: msgid)
    }

    private func fillForm(_ number: Int?) -> AppRoute? {
        guard let message = pane?.focusedMessage else { return nil }
        let forms = message.attachments.filter { $0.kind == .form }
        guard let number = number ?? (forms.count == 1 ? 1 : nil) else {
            guard !forms.isEmpty else {
                status.error("this message has no form")
                return nil
            }
            let names = forms.enumerated().map { "\($0.offset + 1) \($0.element.name)" }
            status.info("\(forms.count) forms: " + names.joined(separator: ", ") + "; which one?")
            return .prompt(.command, text: "fill-form ")
        }
        guard number >= 1, number <= forms.count else {
            status.error(forms.isEmpty ? "this message has no form" : "forms are numbered 1 to \(forms.count)")
            return nil
        }
        return .present(
            .fillForm(
                account: message.account, thread: message.threadID, msgid: message.msgid,
                attachment: forms[number - 1]), unavailable: "form filling")
    }

    private func attachment(_ number: Int) -> AttachmentInfo? {
        guard let message = pane?.focusedMessage else { return nil }
        guard number >= 1, number <= message.attachments.count else {
            status.error(
                message.attachments.isEmpty
                    ? "this message has no attachments" : "attachments are numbered 1 to \(message.attachments.count)")
            return nil
        }
        return message.attachments[number - 1]
    }

    private func expandTilde(_ path: String) -> String {
        TildePath.expanding(path, home: places.home)
    }
}
