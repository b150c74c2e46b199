import QuireCore
import QuireRender

/// Reader commands: messages, slides, links and attachments of the open thread.
extension QuireApp {
    func performInReader(_ command: Command) {
        guard let reader, help == nil else { return showInfo("open a thread first (Enter)") }
        prepareReader()
        let height = currentLayout().reader.height
        switch command {
        case .nextMessage:
            if !reader.moveFocus(by: 1, height: height) { showInfo("last message") }
        case .previousMessage:
            if !reader.moveFocus(by: -1, height: height) { showInfo("first message") }
        case .nextSlide:
            if !reader.turnSlide(by: 1) { showInfo(reader.allSlides ? "all slides shown (s)" : "no slide deck here") }
        case .previousSlide:
            if !reader.turnSlide(by: -1) { showInfo(reader.allSlides ? "all slides shown (s)" : "no slide deck here") }
        case .allSlides:
            reader.allSlides.toggle()
            reader.invalidate()
            showInfo(reader.allSlides ? "all slides" : "one slide at a time")
        case .linkHints:
            reader.showLinkHints = true
            reader.invalidate()
            openPrompt(.followLink, text: "")
        case .followLink(let number):
            followLink(number)
        case .openAttachment(let number):
            guard let attachment = attachment(number) else { return }
            guard let path = attachment.storedPath else {
                return showError("\(attachment.name) is not downloaded yet (the sync fetches it)")
            }
            do {
                try Opener(command: config.opener).open(path)
                showInfo("opened \(attachment.name)")
            } catch {
                showError(error.description)
            }
        case .saveAttachment(let number, let path):
            guard let attachment = attachment(number) else { return }
            do {
                let saved = try AttachmentSaver.save(
                    attachment, path: path.map(expandTilde), directory: config.downloadDirectory.map(expandTilde))
                showInfo("saved \(saved)")
            } catch {
                showError("\(error)")
            }
        case .fillForm(let number):
            guard let message = reader.focusedMessage else { return }
            let forms = message.attachments.filter { $0.kind == .form }
            guard let number = number ?? (forms.count == 1 ? 1 : nil) else {
                guard !forms.isEmpty else { return showError("this message has no form") }
                openPrompt(.command, text: "fill-form ")
                let names = forms.enumerated().map { "\($0.offset + 1) \($0.element.name)" }
                return showInfo("\(forms.count) forms: " + names.joined(separator: ", ") + "; which one?")
            }
            guard number >= 1, number <= forms.count else {
                return showError(forms.isEmpty ? "this message has no form" : "forms are numbered 1 to \(forms.count)")
            }
            present(
                .fillForm(
                    account: message.account, thread: message.threadID, msgid: message.msgid,
                    attachment: forms[number - 1]), unavailable: "form filling")
        default:
            break
        }
    }

    private func attachment(_ number: Int) -> AttachmentInfo? {
        guard let message = reader?.focusedMessage else { return nil }
        guard number >= 1, number <= message.attachments.count else {
            showError(
                message.attachments.isEmpty
                    ? "this message has no attachments" : "attachments are numbered 1 to \(message.attachments.count)")
            return nil
        }
        return message.attachments[number - 1]
    }

    /// Follows link `number` of the focused message: our own thread links inside the app, web
    /// links with the opener.
    func followLink(_ number: Int) {
        guard let reader, let document = reader.focusedDocument else { return }
        reader.showLinkHints = false
        reader.invalidate()
        guard let link = document.links.first(where: { $0.number == number }) else {
            return showError(
                document.links.isEmpty ? "this message has no links" : "links are numbered 1 to \(document.links.count)"
            )
        }
        switch link.kind {
        case .web(let url, _):
            do {
                try Opener(command: config.opener).open(url)
                showInfo("opened \(url)")
            } catch {
                showError(error.description)
            }
        case .thread(let thread):
            openLinkedThread(thread, msgid: nil, from: reader.key.account)
        case .message(let thread, let msgid):
            openLinkedThread(thread, msgid: msgid, from: reader.key.account)
        case .other:
            showError("quire does not open links like \(link.destination.string)")
        }
    }

    private func openLinkedThread(_ thread: String, msgid: String?, from account: String) {
        // Thread ids are unique per site: look in the same account first, then everywhere.
        let store = services.reader
        let others = sites.map(\.account.name).filter { $0 != account }
        guard let summary = ([account] + others).lazy.compactMap({ try? store.thread(account: $0, id: thread) }).first
        else { return showError("thread \(thread) is not in this store") }
        openThread(ThreadKey(account: summary.account, id: summary.id), revealing: msgid)
    }

    private func expandTilde(_ path: String) -> String {
        TildePath.expanding(path, home: options.environment["HOME"] ?? "~")
    }
}
