import QuireCore
import QuireRender

/// Routing commands from key bindings and the `:` line to the screen they belong to.
extension QuireApp {
    func perform(_ command: Command) {
        if promptLine.isOpen, case .edit(let action) = command { return editPrompt(action) }
        if paneHasFocus, modalTakes(command) { return go(modal.handle(command)) }
        switch command {
        case .quit:
            // In search results `q` goes back to the list, as it does in the reader.
            if mainArea == .searchResults, !reader.isOpen, help == nil { close() } else { quit() }
        case .suspend: terminal.suspend()
        case .redraw:
            terminal.clear()
            terminal.repaintAll()
        case .help(let topic):
            help = HelpScreen(keymap: keymap, context: keyContext == .prompt ? .list : keyContext, topic: topic)
        case .commandLine(let prefill): promptLine.open(.command, text: prefill ?? "")
        case .search(let query):
            if let query, !query.isEmpty { runSearch(query, title: nil) } else { promptLine.open(.search, text: "") }
        case .searchNext: stepSearch(by: 1)
        case .searchPrevious: stepSearch(by: -1)
        case .theme(let name): switchTheme(name)
        case .toggleMouse:
            config.mouse.toggle()
            terminal.setMouseReporting(config.mouse)
            status.info(config.mouse ? "mouse on" : "mouse off")
        case .move(let motion): move(motion)
        case .open: openSelected()
        case .close: close()
        case .nextSite: switchSite(to: siteBar.current + 1)
        case .previousSite: switchSite(to: siteBar.current - 1)
        case .site(let number):
            guard number >= 1, number <= siteBar.sites.count else {
                return status.error("there are \(siteBar.sites.count) sites; `site N` counts from 1")
            }
            switchSite(to: number - 1)
        case .view(let name): switchView(name)
        case .sort(let key): switchOrder(key)
        case .addSite: promptLine.open(.addSite(answers: []), text: "")
        case .addressBook:
            guard let account = currentAccount else { return status.error("add a site first (a)") }
            go(.present(.addressBook(account: account), unavailable: "the address book"))
        case .compose(let address):
            guard let account = currentAccount else { return status.error("add a site first (a)") }
            go(
                .present(
                    .compose(Draft(account: account, recipients: address.map { [$0] } ?? [])),
                    unavailable: "the composer"))
        case .resumeDraft(let id): resumeDraft(id: id)
        case .reply, .replyAll, .forward:
            guard let target = targetThreads().first else { return status.info("no thread selected") }
            let focused = reader.key == target ? reader.focusedMsgid : nil
            go(threadActions.response(command, to: target, msgid: focused))
        case .tag(let tag): if threadActions.setTag(tag, added: true, on: targetThreads()) { threadList.clearMarks() }
        case .untag(let tag):
            if threadActions.setTag(tag, added: false, on: targetThreads()) { threadList.clearMarks() }
        case .toggleRead: if threadActions.setRead(nil, on: targetThreads()) { threadList.clearMarks() }
        case .markRead: if threadActions.setRead(true, on: targetThreads()) { threadList.clearMarks() }
        case .markUnread: if threadActions.setRead(false, on: targetThreads()) { threadList.clearMarks() }
        case .mark:
            guard mainArea == .list, !reader.isOpen,
                let count = threadList.toggleMark(height: currentLayout().list.height)
            else { return }
            status.info("\(count) marked")
        case .nextMessage, .previousMessage, .nextSlide, .previousSlide, .allSlides, .linkHints, .followLink,
            .openAttachment, .saveAttachment, .fillForm:
            guard help == nil else { return status.info("open a thread first (Enter)") }
            prepareReader()
            go(reader.perform(command, height: currentLayout().reader.height, accounts: siteBar.accountNames))
        case .results(let family): openResults(family)
        case .forms:
            guard let account = currentAccount else { return status.error("add a site first (a)") }
            go(.present(.formLibrary(account: account), unavailable: "the form library"))
        case .send, .saveDraft, .editInEditor, .attach, .attachForm, .preview, .accept, .ignore, .block, .ping:
            status.error("`\(command.description)` works in the composer and the address book")
        case .moveColumn, .sortColumn, .filter, .export:
            status.error("`\(command.description)` works in a table (:results, :forms)")
        case .edit:
            break
        }
    }

    /// Whether the open pane takes `command`: all but the app's own. The `:` line is the app's:
    /// a pane's `p` (ping) or `C-x a` (attach) opens it prefilled, and the command typed there
    /// comes back to the pane.
    private func modalTakes(_ command: Command) -> Bool {
        switch command {
        case .suspend, .redraw, .quit, .help, .theme, .toggleMouse, .commandLine: false
        default: true
        }
    }

    /// Does what a screen asked of the app.
    func go(_ route: AppRoute?) {
        switch route {
        case .openThread(let key, let msgid):
            if reader.open(key, revealing: msgid, siteName: siteBar.siteName(of: key.account)) { help = nil }
        case .present(let request, let what):
            if modal.present(request, unavailable: what) { help = nil }
        case .prompt(let kind, let text):
            promptLine.open(kind, text: text)
        case nil:
            break
        }
    }

    var threadActions: ThreadActions {
        ThreadActions(services: services, work: work, status: status)
    }

    /// The threads a command acts on: the open one, else the marked ones, else the selected one.
    private func targetThreads() -> [ThreadKey] {
        if let key = reader.key { return [key] }
        if mainArea == .searchResults, let selected = search.selected { return [selected.thread] }
        let marked = threadList.markedThreads
        if !marked.isEmpty { return marked }
        return threadList.selectedSummary().map { [ThreadKey(account: $0.account, id: $0.id)] } ?? []
    }

    /// The results table of `family`, else of the form of the message the reader shows, else
    /// the library to pick one from.
    private func openResults(_ family: String?) {
        guard let account = reader.key?.account ?? currentAccount else { return status.error("add a site first (a)") }
        let chosen = family ?? reader.focusedFormFamily
        guard let chosen else {
            status.info("pick a form: Enter shows its results")
            return go(.present(.formLibrary(account: account), unavailable: "the form library"))
        }
        go(.present(.formResults(account: account, family: chosen), unavailable: "the results table"))
    }

    // MARK: Moving between screens

    private func move(_ motion: Motion) {
        let layout = currentLayout()
        if help != nil { return help?.move(motion, height: layout.list.height) ?? () }
        if reader.isOpen {
            prepareReader()
            return reader.move(motion, height: layout.reader.height)
        }
        switch mainArea {
        case .list:
            if let error = threadList.move(motion, height: layout.list.height) { status.error(error) }
        case .searchResults:
            search.move(motion, height: layout.list.height)
        case .welcome:
            break
        }
    }

    private func openSelected() {
        if reader.isOpen || help != nil { return }
        switch mainArea {
        case .list:
            guard let summary = threadList.selectedSummary() else { return status.info("no thread here") }
            go(.openThread(ThreadKey(account: summary.account, id: summary.id), revealing: nil))
        case .searchResults:
            guard let selected = search.selected else { return status.info("no match here") }
            go(.openThread(selected.thread, revealing: selected.msgid))
        case .welcome:
            break
        }
    }

    private func close() {
        if help != nil {
            help = nil
        } else if reader.isOpen {
            reader.close()
            if mainArea == .list { reloadThreads(keepSelection: true) }
        } else if mainArea == .searchResults {
            search.close()
            mainArea = .list
            reloadThreads(keepSelection: true)
        } else {
            quit()
        }
    }

    func runSearch(_ text: String, title: String?) {
        if search.run(text, title: title, account: currentAccount, dates: dates) {
            mainArea = .searchResults
            reader.close()
        }
    }

    private func stepSearch(by step: Int) {
        guard search.isOpen, mainArea == .searchResults else { return status.info("no search yet: press /") }
        search.move(step > 0 ? .down : .up, height: currentLayout().list.height)
        if reader.isOpen, let selected = search.selected { go(.openThread(selected.thread, revealing: selected.msgid)) }
    }

    // MARK: Sites, views, sorts and themes

    func switchSite(to index: Int) {
        guard !siteBar.isEmpty else { return status.error("no sites yet: press a to add one") }
        siteBar.select(index)
        reader.close()
        search.close()
        mainArea = .list
        reloadThreads(keepSelection: false)
    }

    private func switchView(_ name: String) {
        guard let chosen = ThreadView.named(name, savedSearches: config.savedSearches) else {
            let names = ["All", "Unread", "#Todo"] + config.savedSearches.keys.sorted()
            return status.error("no view `\(name)`; views: \(names.joined(separator: ", ")), or any #tag")
        }
        threadList.show(chosen)
        reader.close()
        if case .savedSearch = chosen { return reloadThreads(keepSelection: false) }
        search.close()
        mainArea = .list
        reloadThreads(keepSelection: false)
        if status.message == nil { status.info("view \(chosen.name)") }
    }

    private func switchOrder(_ key: String) {
        guard let chosen = ThreadOrder(rawValue: key.lowercased()) else {
            return status.error(
                "no sort `\(key)`; sorts: " + ThreadOrder.allCases.map(\.rawValue).joined(separator: ", "))
        }
        threadList.sort(by: chosen)
        status.clear()
        reloadThreads(keepSelection: false)
        if status.message == nil { status.info("sorted by \(threadList.order.rawValue)") }
    }

    private func switchTheme(_ name: String) {
        do {
            theme = try catalog.theme(named: name, capability: terminal.colourCapability)
            config.theme = name
            reader.invalidate()
            terminal.clear()
            status.info("theme \(name)")
        } catch {
            status.error(error.description)
        }
    }
}
