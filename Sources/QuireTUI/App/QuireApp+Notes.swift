import QuireCore
import QuireRender

/// Routing the inbox's notes (store changes, sync events, results of background work) to the
/// screens they touch; only what is on screen reads the store again.
extension QuireApp {
    /// Takes the notes posted since the last turn and refreshes what they touch.
    func processInbox() {
        var threadsChanged = false
        var sitesChanged = false
        var unreadChanged = false
        var readerChanged = false
        var paneChanged = false
        var outboxChanged = false
        for note in inbox.drain() {
            switch note {
            case .store(let change):
                switch change.area {
                case .accounts:
                    (sitesChanged, threadsChanged) = (true, true)
                case .threads, .tags, .drafts:
                    // The list of the site shown, the top bar's unread counts, the thread open
                    // in the reader.
                    if change.account == nil || change.account == currentAccount { threadsChanged = true }
                    if change.area == .threads { unreadChanged = true }
                    if reader.isAffected(account: change.account, thread: change.thread) { readerChanged = true }
                case .outbox:
                    outboxChanged = true
                case .contacts, .groups, .notices:
                    paneChanged = true
                }
            case .sync(let event):
                siteBar.apply(event)
                switch event {
                case .presence: paneChanged = true
                case .newMessage(let new): status.info("new from \(new.fromAlias): \(new.subject)")
                case .outbox(_, _, let sent): if !sent { status.error("the site refused a message; see `quire check`") }
                case .state: break
                }
            case .threadPageRead:
                // Nothing to reload: the loop redraws after this turn, with the rows now read.
                break
            case .failure(let text):
                status.error(text)
            case .done(let text):
                status.info(text)
                // The app's own write has committed: its effect shows now, not when the change
                // note (which then finds nothing new) arrives.
                (threadsChanged, unreadChanged) = (true, true)
            case .written:
                (threadsChanged, unreadChanged) = (true, true)
            case .siteAdded(let name):
                showAddedSite(name)
            case .signInChoice(let account, let options):
                promptLine.open(.signInProvider(account: account, options: options), text: "")
            case .signInStarted(let account, let flow):
                go(signIn.begin(account: account, flow: flow))
            case .signInEnded(let account, let failure):
                guard signIn.end(account: account) else { break }
                if promptLine.prompt?.kind == .signInRedirect { promptLine.close() }
                if let failure { status.error(failure) } else { showAddedSite(account) }
            case .paneRequestFinished(let generation, let request, let result):
                modal.finish(generation: generation, request: request, result: result)
                (threadsChanged, unreadChanged) = (true, true)
            case .threadCount(let generation, let count):
                threadList.countArrived(generation: generation, count: count, height: currentLayout().list.height)
            }
        }
        if sitesChanged {
            reloadSites()
            if !siteBar.isEmpty, mainArea == .welcome { mainArea = .list }
        } else {
            if unreadChanged { reloadUnreadCounts() }
            if outboxChanged { siteBar.reloadOutboxCount() }
        }
        if threadsChanged, mainArea == .list {
            // A list hidden behind the reader, a pane or help is read again when it shows.
            if !reader.isOpen, !modal.isOpen, help == nil {
                reloadThreads(keepSelection: true)
            } else {
                threadList.markStale()
            }
        }
        if readerChanged { reader.refresh() }
        if paneChanged { modal.refresh() }
    }

    /// Reads the top bar again: accounts, unread counts, the outbox.
    func reloadSites() {
        do {
            try siteBar.reload()
        } catch {
            status.error("cannot read the accounts: \(error)")
        }
    }

    private func reloadUnreadCounts() {
        do {
            try siteBar.reloadUnreadCounts()
        } catch {
            status.error("cannot read the unread counts: \(error)")
        }
    }

    /// Reads the current view again (after a change, a view or sort switch, another site).
    func reloadThreads(keepSelection: Bool) {
        guard mainArea != .welcome, let account = currentAccount else { return threadList.clear() }
        if case .savedSearch(let name, let query) = threadList.view { return runSearch(query, title: name) }
        if let problem = threadList.reload(
            account: account, keepSelection: keepSelection, height: currentLayout().list.height)
        {
            status.error(problem)
        }
    }

    /// The account added through the prompts is in the store: its tab is shown.
    func showAddedSite(_ name: String) {
        reloadSites()
        mainArea = .list
        if siteBar.select(account: name) { switchSite(to: siteBar.current) }
        status.info("added \(name); quire registers it when the site answers")
    }
}
