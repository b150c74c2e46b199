import QuireCore
import QuireRender

/// Presenting any ``ModalPane``: keys go through its bindings, requests are carried out here
/// against the client core, and their results go back to the pane.
extension QuireApp {
    /// Opens the pane the provider makes for `request`, or explains on the status line why not.
    /// True when the pane is open.
    @discardableResult
    func present(_ request: PaneRequest, unavailable what: String) -> Bool {
        guard let pane = makePane(request, unavailable: what) else { return false }
        present(pane)
        return true
    }

    private func makePane(_ request: PaneRequest, unavailable what: String) -> (any ModalPane)? {
        guard let provider = options.paneProvider else {
            showError("\(what) is not available in this build")
            return nil
        }
        do {
            return try provider.pane(for: request, services: services)
        } catch let unavailable as PaneUnavailable {
            showError(unavailable.description)
            return nil
        } catch {
            showError("\(what) could not be opened: \(error)")
            return nil
        }
    }

    /// Brings the open pane up to date after the store or presence changed.
    func refreshModal() {
        guard let modal, let provider = options.paneProvider,
            let fresh = provider.refreshed(modal, services: services)
        else { return }
        self.modal = fresh
    }

    /// Shows `pane` over the main area until it closes. What the pane it replaces had not saved
    /// is saved first (a form handing its answers to the composer keeps them on the way).
    public func present(_ pane: any ModalPane) {
        if let work = modal?.unsavedWork { autosaver.saveNow(work) }
        modal = pane
        modalGeneration += 1
        paneRequestInFlight = nil
        help = nil
        message = nil
    }

    /// Gives a command to the open pane; true when the app needs to do nothing more.
    func performInModal(_ command: Command) -> Bool {
        switch command {
        // The `:` line is the app's: a pane's `p` (ping) or `C-x a` (attach) opens it prefilled,
        // and the command typed there comes back to the pane.
        case .suspend, .redraw, .quit, .help, .theme, .toggleMouse, .commandLine:
            return false
        default:
            applyModal(modal?.handle(command) ?? .ignored)
            return true
        }
    }

    /// Acts on what the pane answered.
    func applyModal(_ outcome: PaneOutcome) {
        switch outcome {
        case .handled:
            break
        case .ignored:
            break
        case .close:
            autosaver.paneClosed(discarding: modal?.unsavedWork)
            modal = nil
            paneRequestInFlight = nil
        case .request(.compose(let draft)):
            // One pane hands over to another (the address book's compose, a filled form's
            // reply): the new pane replaces the old once it could be opened.
            let previous = message
            guard let composer = makePane(.compose(draft), unavailable: "the composer") else {
                modal?.complete(.compose(draft), with: .failed(failureText(replacing: previous)))
                return
            }
            modal?.complete(.compose(draft), with: .done(.empty))
            present(composer)
        case .request(let request):
            guard paneRequestInFlight == nil else {
                return showInfo("still busy with the last request; a moment")
            }
            carryOut(request)
        }
    }

    /// A request of the pane `generation` came back: the pane hears the result and the status
    /// line says it. A pane that has closed since hears nothing; the status line still says it.
    func finishPaneRequest(generation: Int, request: AppRequest, result: RequestResult) {
        guard generation == modalGeneration, modal != nil else {
            if case .failed(let text) = result { message = .error(text) }
            return
        }
        paneRequestInFlight = nil
        modal?.complete(request, with: result)
        switch result {
        case .done(let text): message = .info(text)
        case .failed(let text): message = .error(text)
        case .text: break
        }
        // A pane cannot close itself from `complete`; it says so through `isFinished`.
        if modal?.isFinished == true {
            autosaver.paneClosed(discarding: modal?.unsavedWork)
            modal = nil
        }
    }

    /// The error `makePane` just put on the status line, to hand to the pane as well.
    private func failureText(replacing previous: StatusLine.Message?) -> TerminalSafeText {
        if case .error(let text)? = message, message != previous { return text }
        return UIText("the composer could not be opened").safe
    }

    /// Does what a pane asked, against the client core: in the terminal (the editor) or in the
    /// app (another pane) at once, a write as background work whose result comes back as a note.
    func carryOut(_ request: AppRequest) {
        let generation = modalGeneration
        let inbox = self.inbox
        let store = services.store
        let client = services.client
        /// What `body` did, as the pane's result: its text, or its error.
        @Sendable func finished(_ body: @Sendable () async throws -> String) async -> AppInbox.Note {
            let result: RequestResult
            do {
                result = .done(TerminalSafeText(sanitising: try await body()))
            } catch {
                result = .failed(TerminalSafeText(sanitising: "\(error)"))
            }
            return .paneRequestFinished(generation: generation, request: request, result: result)
        }
        /// Runs `body` off the UI thread.
        func inBackground(_ body: @escaping @Sendable () async throws -> String) {
            paneRequestInFlight = request
            work.start { await finished(body) }
        }
        /// Runs `body` in its turn among the draft's autosaves, so none lands after it.
        func inDraftOrder(_ body: @escaping @Sendable () async throws -> String) {
            paneRequestInFlight = request
            autosaver.write(modal?.unsavedWork) { inbox.post(await finished(body)) }
        }
        switch request {
        case .send(let draft):
            // Saved first, so the draft survives until the site acks the post; the outbox
            // keeps it while offline.
            inDraftOrder {
                try await store.saveDraft(draft)
                _ = try await client.send(draft: draft.id, account: draft.account)
                return "queued in the outbox; it goes out when the site is reachable"
            }
        case .saveDraft(let draft):
            inDraftOrder {
                try await store.saveDraft(draft)
                return "draft saved"
            }
        case .discardDraft(let account, let id):
            inDraftOrder {
                _ = try await store.deleteDraft(account: account, id: id)
                return "draft discarded"
            }
        case .editExternally(let text):
            let result: RequestResult
            do {
                result = .text(try ExternalEditor(environment: options.environment).edit(text, on: terminal))
            } catch {
                result = .failed(TerminalSafeText(sanitising: error.description))
            }
            finishPaneRequest(generation: generation, request: request, result: result)
        case .compose(let draft):
            let opened = present(.compose(draft), unavailable: "the composer")
            finishPaneRequest(
                generation: generation, request: request,
                result: opened ? .done(.empty) : .failed(UIText("the composer could not be opened").safe))
        case .acceptNotice(let id):
            inBackground {
                _ = try await client.accept(notice: id)
                return "accepted"
            }
        case .ignoreNotice(let id):
            inBackground {
                try await client.ignore(notice: id)
                return "ignored"
            }
        case .setBlocked(let blocked, let account, let alias):
            inBackground {
                try await client.setBlocked(blocked, account: account, alias: alias)
                return (blocked ? "blocked " : "unblocked ") + alias
            }
        case .ping(let account, let alias, let text):
            inBackground {
                _ = try await client.ping(account: account, alias: alias, text: text)
                return "ping to \(alias) queued"
            }
        case .leaveGroup(let account, let gid):
            inBackground {
                _ = try await client.leave(account: account, gid: gid)
                return "leaving \(gid)"
            }
        case .dropMember(let account, let gid, let alias):
            inBackground {
                _ = try await client.drop(account: account, gid: gid, member: alias)
                return "dropping \(alias) from \(gid)"
            }
        }
    }
}
