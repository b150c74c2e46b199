import QuireCore
import QuireRender

/// Reading the store: sites, the thread list, a thread, and the notes of the inbox.
extension QuireApp {
    /// Reads accounts, unread counts and the outbox for the top bar (link states and presence
    /// come as sync events).
    func reloadSites() {
        let reader = services.reader
        do {
            let accounts = try reader.accounts()
            let unread = try reader.unreadCounts()
            let previous = Dictionary(sites.map { ($0.account.name, $0) }, uniquingKeysWith: { first, _ in first })
            let current = currentAccount
            sites = accounts.map { account in
                var site = previous[account.name] ?? SiteState(account: account)
                site.account = account
                site.unreadThreads = unread.first { $0.account == account.name }?.unreadThreads ?? 0
                if previous[account.name] == nil {
                    site.onlineContacts = services.presence.online(account: account.name)
                }
                return site
            }
            if let current, let index = sites.firstIndex(where: { $0.account.name == current }) {
                currentSite = index
            } else {
                currentSite = min(currentSite, max(0, sites.count - 1))
            }
            reloadOutboxCount()
        } catch {
            showError("cannot read the accounts: \(error)")
        }
    }

    func reloadOutboxCount() {
        let reader = services.reader
        outboxCount =
            (try? sites.reduce(0) { total, site in total + (try reader.queuedOutboxCount(account: site.account.name)) })
            ?? outboxCount
    }

    /// Reads the current view again (after a change, a view or sort switch, another site).
    func reloadThreads(keepSelection: Bool) {
        guard screen != .welcome, let account = currentAccount else {
            threadList.clear()
            return
        }
        if case .savedSearch(let name, let query) = threadList.view {
            runSearch(query, title: name)
            return
        }
        let height = currentLayout().list.height
        if let problem = threadList.reload(account: account, keepSelection: keepSelection, height: height) {
            showError(problem)
        }
    }

    /// Opens a thread in the reader and marks it read.
    func openThread(_ key: ThreadKey, revealing msgid: String? = nil) {
        let store = services.reader
        let client = services.client
        do {
            guard let summary = try store.thread(account: key.account, id: key.id) else {
                showError("no thread \(key.id) in \(key.account)")
                return
            }
            let messages = try store.messages(account: key.account, thread: key.id)
            let siteName = sites.first { $0.account.name == key.account }?.account.siteName ?? key.account
            reader = ReaderPane(summary: summary, messages: messages, siteName: siteName)
            reader?.pendingReveal = msgid
            help = nil
            if summary.unreadCount > 0 {
                // Marked read off the UI thread: the thread shows at once, and the list and the
                // top bar follow when the write has committed.
                work.start(failing: "mark the thread read") {
                    try await client.setRead(true, account: key.account, thread: key.id)
                    return nil
                }
            }
            message = nil
        } catch {
            showError("cannot open the thread: \(error)")
        }
    }

    /// Takes the notes posted since the last turn and refreshes what they touch.
    func processInbox() {
        var threadsChanged = false
        var sitesChanged = false
        var outboxChanged = false
        var readerChanged = false
        var addressBookChanged = false
        for note in inbox.drain() {
            switch note {
            case .store(let change):
                switch change.area {
                case .accounts:
                    sitesChanged = true
                    threadsChanged = true
                case .threads, .tags, .drafts:
                    // Only what is on screen is read again: the list of the site shown, the
                    // top bar's unread counts, the thread open in the reader.
                    if change.account == nil || change.account == currentAccount { threadsChanged = true }
                    if change.area == .threads { sitesChanged = true }
                    if let reader, change.account == nil || change.account == reader.key.account,
                        change.thread == nil || change.thread == reader.key.id
                    {
                        readerChanged = true
                    }
                case .outbox:
                    outboxChanged = true
                case .contacts, .groups, .notices:
                    addressBookChanged = true
                }
            case .sync(let event):
                if case .presence = event { addressBookChanged = true }
                apply(event)
            case .threadPageRead:
                // Nothing to reload: the loop redraws after this turn, with the rows now read.
                break
            case .failure(let text):
                showError(text)
            case .done(let text):
                showInfo(text)
                // The app's own write has committed: its effect shows now, not when the change
                // note (which then finds nothing new) arrives.
                (threadsChanged, sitesChanged) = (true, true)
            case .written:
                (threadsChanged, sitesChanged) = (true, true)
            case .siteAdded(let name):
                showAddedSite(name)
            case .signInStarted(let account, let flow):
                awaitSignIn(account: account, flow: flow)
            case .signInEnded(let account, let failure):
                endSignIn(account: account, failure: failure)
            case .paneRequestFinished(let generation, let request, let result):
                finishPaneRequest(generation: generation, request: request, result: result)
                (threadsChanged, sitesChanged) = (true, true)
            case .threadCount(let generation, let count):
                threadList.countArrived(generation: generation, count: count, height: currentLayout().list.height)
            }
        }
        if sitesChanged {
            let wasEmpty = sites.isEmpty
            reloadSites()
            if wasEmpty, !sites.isEmpty, screen == .welcome { screen = .list }
        } else if outboxChanged {
            reloadOutboxCount()
        }
        if threadsChanged, screen == .list {
            // A list hidden behind the reader, a pane or help is read again when it shows.
            if reader == nil, modal == nil, help == nil {
                reloadThreads(keepSelection: true)
            } else {
                threadList.markStale()
            }
        }
        if readerChanged { refreshReader() }
        if addressBookChanged { refreshModal() }
    }

    private func apply(_ event: SyncEvent) {
        switch event {
        case .state(let account, let state):
            if let index = sites.firstIndex(where: { $0.account.name == account }) { sites[index].sync = state }
        case .presence(let account, let uid, let online):
            if let index = sites.firstIndex(where: { $0.account.name == account }) {
                if online {
                    sites[index].onlineContacts.insert(uid)
                } else {
                    sites[index].onlineContacts.remove(uid)
                }
            }
        case .newMessage(let new):
            message = .info(
                TerminalSafeText(sanitising: "new from \(new.fromAlias): \(new.subject)"))
        case .outbox(_, _, let sent):
            if !sent { showError("the site refused a message; see `quire check`") }
            reloadOutboxCount()
        }
    }

    /// Reads the open thread again when a message was added to it.
    private func refreshReader() {
        guard let reader else { return }
        let key = reader.key
        let store = services.reader
        guard let summary = try? store.thread(account: key.account, id: key.id),
            let messages = try? store.messages(account: key.account, thread: key.id)
        else {
            self.reader = nil
            return
        }
        // Read-state changes are not worth a relayout; new messages are.
        if messages.count != reader.messages.count { reader.update(summary: summary, messages: messages) }
    }

    /// Keeps list and text positions valid after a resize.
    func clampViews() {
        let layout = currentLayout()
        threadList.clamp(height: layout.list.height)
        search?.list.clamp(rowCount: search?.numberOfRows ?? 0, height: layout.list.height)
    }

    /// Where everything goes on the screen as it is now.
    func currentLayout() -> ScreenLayout {
        let size = terminal.size
        let split: ScreenLayout.Split =
            reader == nil || help != nil || modal != nil || screen == .welcome
            ? .listOnly : config.readerSplit(for: size)
        return ScreenLayout(size: size, split: split)
    }
}
