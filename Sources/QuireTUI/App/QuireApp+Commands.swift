import QuireCore
import QuireRender

/// Carrying out commands from key bindings and the `:` line.
extension QuireApp {
    func perform(_ command: Command) {
        if promptLine.isOpen, case .edit(let action) = command {
            editPrompt(action)
            return
        }
        if modal != nil, help == nil, performInModal(command) { return }
        switch command {
        case .quit:
            // In search results `q` goes back to the list, as it does in the reader.
            if screen == .searchResults, reader == nil, help == nil { close() } else { quit() }
        case .suspend: terminal.suspend()
        case .redraw:
            terminal.clear()
            terminal.repaintAll()
        case .help(let topic): openHelp(topic: topic)
        case .commandLine(let prefill): openPrompt(.command, text: prefill ?? "")
        case .search(let query):
            if let query, !query.isEmpty {
                runSearch(query, title: nil)
            } else {
                openPrompt(.search, text: "")
            }
        case .searchNext: stepSearch(by: 1)
        case .searchPrevious: stepSearch(by: -1)
        case .theme(let name): switchTheme(name)
        case .toggleMouse:
            config.mouse.toggle()
            terminal.setMouseReporting(config.mouse)
            showInfo(config.mouse ? "mouse on" : "mouse off")
        case .move(let motion): move(motion)
        case .open: openSelected()
        case .close: close()
        case .nextSite: switchSite(to: currentSite + 1)
        case .previousSite: switchSite(to: currentSite - 1)
        case .site(let number):
            guard number >= 1, number <= sites.count else {
                showError("there are \(sites.count) sites; `site N` counts from 1")
                return
            }
            switchSite(to: number - 1)
        case .view(let name): switchView(name)
        case .sort(let key): switchOrder(key)
        case .addSite: openPrompt(.addSite(answers: []), text: "")
        case .addressBook:
            guard let account = currentAccount else { return showError("add a site first (a)") }
            present(.addressBook(account: account), unavailable: "the address book")
        case .compose(let address):
            guard let account = currentAccount else { return showError("add a site first (a)") }
            present(
                .compose(Draft(account: account, recipients: address.map { [$0] } ?? [])), unavailable: "the composer")
        case .resumeDraft(let id): resumeDraft(id: id)
        case .reply, .replyAll, .forward: composeResponse(command)
        case .tag(let tag): setTag(tag, added: true)
        case .untag(let tag): setTag(tag, added: false)
        case .toggleRead: setRead(nil)
        case .markRead: setRead(true)
        case .markUnread: setRead(false)
        case .mark: toggleMark()
        case .nextMessage, .previousMessage, .nextSlide, .previousSlide, .allSlides, .linkHints, .followLink,
            .openAttachment, .saveAttachment, .fillForm:
            performInReader(command)
        case .send, .saveDraft, .editInEditor, .attach, .preview, .accept, .ignore, .block, .ping:
            showError("`\(command.description)` works in the composer and the address book")
        case .edit:
            break
        }
    }

    // MARK: Moving

    private func move(_ motion: Motion) {
        let layout = currentLayout()
        if help != nil {
            let count = help?.lines.count ?? 0
            help?.view.scroll(motion, lineCount: count, height: layout.list.height)
            return
        }
        if let reader {
            prepareReader()
            reader.view.scroll(motion, lineCount: reader.lines.count, height: layout.reader.height)
            reader.updateFocus()
            return
        }
        switch screen {
        case .list:
            if let error = threadList.move(motion, height: layout.list.height) { showError(error) }
        case .searchResults:
            guard let search else { return }
            search.list.move(motion, rowCount: search.numberOfRows, height: layout.list.height)
            search.prefetch(height: layout.list.height)
        case .welcome:
            break
        }
    }

    private func openSelected() {
        if reader != nil || help != nil { return }
        switch screen {
        case .list:
            guard let summary = threadList.selectedSummary() else { return showInfo("no thread here") }
            openThread(ThreadKey(account: summary.account, id: summary.id))
        case .searchResults:
            guard let hit = search?.selectedHit else { return showInfo("no match here") }
            openThread(ThreadKey(account: hit.account, id: hit.threadID), revealing: hit.msgid)
        case .welcome:
            break
        }
    }

    private func close() {
        if help != nil {
            help = nil
        } else if reader != nil {
            reader = nil
            if screen == .list { reloadThreads(keepSelection: true) }
        } else if screen == .searchResults {
            search = nil
            screen = .list
            reloadThreads(keepSelection: true)
        } else {
            quit()
        }
    }

    private func openHelp(topic: String?) {
        let context = keyContext == .prompt ? KeyContext.list : keyContext
        help = HelpState(lines: HelpPage.lines(keymap: keymap, context: context, topic: topic))
    }

    // MARK: Views and sites

    func switchSite(to index: Int) {
        guard !sites.isEmpty else { return showError("no sites yet: press a to add one") }
        currentSite = (index % sites.count + sites.count) % sites.count
        reader = nil
        search = nil
        screen = .list
        reloadThreads(keepSelection: false)
    }

    private func switchView(_ name: String) {
        guard let chosen = ThreadView.named(name, savedSearches: config.savedSearches) else {
            let names = ["All", "Unread", "#Todo"] + config.savedSearches.keys.sorted()
            return showError("no view `\(name)`; views: \(names.joined(separator: ", ")), or any #tag")
        }
        threadList.show(chosen)
        reader = nil
        if case .savedSearch = chosen {
            reloadThreads(keepSelection: false)
            return
        }
        search = nil
        screen = .list
        reloadThreads(keepSelection: false)
        if message == nil { showInfo("view \(chosen.name)") }
    }

    private func switchOrder(_ key: String) {
        guard let chosen = ThreadOrder(rawValue: key.lowercased()) else {
            return showError(
                "no sort `\(key)`; sorts: " + ThreadOrder.allCases.map(\.rawValue).joined(separator: ", "))
        }
        threadList.sort(by: chosen)
        message = nil
        reloadThreads(keepSelection: false)
        if message == nil { showInfo("sorted by \(threadList.order.rawValue)") }
    }

    private func switchTheme(_ name: String) {
        do {
            theme = try catalog.theme(named: name, capability: terminal.colourCapability)
            config.theme = name
            reader?.invalidate()
            terminal.clear()
            showInfo("theme \(name)")
        } catch {
            showError(error.description)
        }
    }

    // MARK: Search

    func runSearch(_ text: String, title: String?) {
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: text)
        } catch {
            return showError("search: \(error.description)")
        }
        // Searches stay within the site on screen, as the list does.
        var query = parsed
        if let account = currentAccount, !text.contains("site:") { query.terms.append(.site(account)) }
        do {
            search = try SearchResults(reader: services.reader, text: title ?? text, query: query, dates: dates)
            screen = .searchResults
            reader = nil
            let count = search?.numberOfRows ?? 0
            showInfo(
                count == 0 ? "no matches for \(text)" : "\(count)\(search?.hasMore == true ? "+" : "") matches")
        } catch {
            showError("search failed: \(error)")
        }
    }

    private func stepSearch(by step: Int) {
        guard let search, screen == .searchResults else { return showInfo("no search yet: press /") }
        let height = currentLayout().list.height
        search.list.move(step > 0 ? .down : .up, rowCount: search.numberOfRows, height: height)
        search.prefetch(height: height)
        if reader != nil, let hit = search.selectedHit {
            openThread(ThreadKey(account: hit.account, id: hit.threadID), revealing: hit.msgid)
        }
    }

    // MARK: Thread actions

    /// The threads a command acts on: the open one, else the marked ones, else the selected one.
    private func targetThreads() -> [ThreadKey] {
        if let reader { return [reader.key] }
        if screen == .searchResults, let hit = search?.selectedHit {
            return [ThreadKey(account: hit.account, id: hit.threadID)]
        }
        let marked = threadList.markedThreads
        if !marked.isEmpty { return marked }
        return threadList.selectedSummary().map { [ThreadKey(account: $0.account, id: $0.id)] } ?? []
    }

    private func setTag(_ raw: String, added: Bool) {
        let tag = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        guard !tag.isEmpty, !tag.contains(where: \.isWhitespace) else { return showError("a tag is one word") }
        let targets = targetThreads()
        guard !targets.isEmpty else { return showInfo("no thread selected") }
        let client = services.client
        threadList.clearMarks()
        let done = "\(added ? "tagged" : "untagged") #\(tag) on \(targets.count) thread\(targets.count == 1 ? "" : "s")"
        work.start(failing: "change the tag") {
            for target in targets {
                try await client.setTag(tag, added: added, account: target.account, thread: target.id)
            }
            return done
        }
    }

    /// Sets the read state (nil toggles it, judged by the first thread).
    private func setRead(_ read: Bool?) {
        let targets = targetThreads()
        guard let first = targets.first else { return showInfo("no thread selected") }
        let client = services.client
        let newState: Bool
        if let read {
            newState = read
        } else {
            do {
                newState = (try services.reader.thread(account: first.account, id: first.id)?.unreadCount ?? 0) > 0
            } catch {
                return showError("cannot change the read state: \(error)")
            }
        }
        threadList.clearMarks()
        work.start(failing: "change the read state") {
            for target in targets {
                try await client.setRead(newState, account: target.account, thread: target.id)
            }
            return "marked \(newState ? "read" : "unread")"
        }
    }

    private func toggleMark() {
        guard screen == .list, reader == nil,
            let count = threadList.toggleMark(height: currentLayout().list.height)
        else { return }
        showInfo("\(count) marked")
    }

    /// Reply, reply-all and forward open the composer on the message the reader shows, or the
    /// thread's last message from the list. Reply-all posts into the thread, which every member
    /// receives; reply writes to that message's author alone (see ``PaneRequest/replyToSender``).
    private func composeResponse(_ command: Command) {
        guard let target = targetThreads().first else { return showInfo("no thread selected") }
        var msgid = reader.flatMap { $0.key == target ? $0.focusedMessage?.msgid : nil }
        if msgid == nil {
            msgid = (try? services.reader.messages(account: target.account, thread: target.id))?.last?.msgid
        }
        switch command {
        case .forward:
            guard let msgid else { return showError("the thread has no message to forward") }
            present(.forward(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        case .reply:
            present(
                .replyToSender(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        default:
            present(.reply(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        }
    }
}
