import Foundation
import QuireCore
import QuireRender

/// The modal pane over the main area (composer, address book, form): opening it through the
/// provider, giving it keys and text, carrying out what it asks, and handing it the results.
/// What a pane has not saved goes to the autosaver whenever it is replaced or closed.
final class ModalHost {
    private(set) var pane: (any ModalPane)?
    /// Counts the panes presented, so a request's result reaches the pane that made it only.
    private(set) var generation = 0
    /// The open pane's request being carried out in the background, if any.
    private var requestInFlight: AppRequest?

    let services: AppServices
    let provider: (any ModalPaneProvider)?
    let autosaver: DraftAutosaver
    let work: BackgroundWork
    let inbox: AppInbox
    let status: StatusBoard
    /// Runs the external editor on the app's terminal.
    let editExternally: (String) throws -> String
    /// The user's home directory, for `~` in paths typed into a pane.
    let home: String

    init(
        services: AppServices, provider: (any ModalPaneProvider)?, autosaver: DraftAutosaver, work: BackgroundWork,
        inbox: AppInbox, status: StatusBoard, home: String, editExternally: @escaping (String) throws -> String
    ) {
        self.services = services
        self.provider = provider
        self.autosaver = autosaver
        self.work = work
        self.inbox = inbox
        self.status = status
        self.editExternally = editExternally
        self.home = home
    }

    var isOpen: Bool { pane != nil }
    var unsavedWork: UnsavedWork? { pane?.unsavedWork }

    /// Opens the pane the provider makes for `request`, or explains on the status line why not.
    /// True when the pane is open.
    @discardableResult
    func present(_ request: PaneRequest, unavailable what: String) -> Bool {
        guard let pane = makePane(request, unavailable: what) else { return false }
        present(pane)
        return true
    }

    /// Shows `pane` until it closes. What the pane it replaces had not saved is saved first (a
    /// form handing its answers to the composer keeps them on the way).
    func present(_ pane: any ModalPane) {
        if let work = self.pane?.unsavedWork { autosaver.saveNow(work) }
        self.pane = pane
        generation += 1
        requestInFlight = nil
        status.clear()
    }

    /// Brings the open pane up to date after the store or presence changed.
    func refresh() {
        guard let pane, let fresh = provider?.refreshed(pane, services: services) else { return }
        self.pane = fresh
    }

    /// Gives the pane a bound command; returns where the app goes next when the pane asked to
    /// leave for another screen (a results row's message).
    func handle(_ command: Command) -> AppRoute? {
        apply(pane?.handle(command) ?? .ignored)
    }

    func insert(_ text: String) {
        _ = apply(pane?.insert(text) ?? .ignored)
    }

    func paste(_ pasted: PastedText) {
        _ = apply(pane?.paste(pasted) ?? .ignored)
    }

    func draw(in canvas: Canvas) -> CursorPosition? {
        guard let pane else { return nil }
        pane.draw(in: canvas)
        return pane.cursor(in: canvas)
    }

    /// A request of the pane `generation` came back: the pane hears the result and the status
    /// line says it. A pane that has closed since hears nothing; the status line still says it.
    func finish(generation: Int, request: AppRequest, result: RequestResult) {
        guard generation == self.generation, pane != nil else {
            if case .failed(let text) = result { status.show(.error(text)) }
            return
        }
        requestInFlight = nil
        pane?.complete(request, with: result)
        switch result {
        case .done(let text): status.show(.info(text))
        case .failed(let text): status.show(.error(text))
        case .text: break
        }
        // A pane cannot close itself from `complete`; it says so through `isFinished`.
        if pane?.isFinished == true { close() }
    }

    private func close() {
        autosaver.paneClosed(discarding: pane?.unsavedWork)
        pane = nil
        requestInFlight = nil
    }

    private func makePane(_ request: PaneRequest, unavailable what: String) -> (any ModalPane)? {
        guard let provider else {
            status.error("\(what) is not available in this build")
            return nil
        }
        do {
            return try provider.pane(for: request, services: services)
        } catch let unavailable as PaneUnavailable {
            status.error(unavailable.description)
            return nil
        } catch {
            status.error("\(what) could not be opened: \(error)")
            return nil
        }
    }

    /// Acts on what the pane answered.
    private func apply(_ outcome: PaneOutcome) -> AppRoute? {
        switch outcome {
        case .handled, .ignored:
            break
        case .close:
            close()
        case .request(.openMessage(let account, let thread, let msgid)):
            close()
            return .openThread(ThreadKey(account: account, id: thread), revealing: msgid)
        case .request(.openPane(let request)):
            guard let next = makePane(request, unavailable: "that pane") else { break }
            present(next)
        case .request(.compose(let draft)):
            // One pane hands over to another (the address book's compose, a filled form's
            // reply): the new pane replaces the old once it could be opened.
            let previous = status.message
            guard let composer = makePane(.compose(draft), unavailable: "the composer") else {
                pane?.complete(.compose(draft), with: .failed(failureText(replacing: previous)))
                return nil
            }
            pane?.complete(.compose(draft), with: .done(.empty))
            present(composer)
        case .request(let request):
            guard requestInFlight == nil else {
                status.info("still busy with the last request; a moment")
                return nil
            }
            carryOut(request)
        }
        return nil
    }

    /// The error `makePane` just put on the status line, to hand to the pane as well.
    private func failureText(replacing previous: StatusLine.Message?) -> TerminalSafeText {
        if case .error(let text)? = status.message, status.message != previous { return text }
        return UIText("the composer could not be opened").safe
    }

    /// Does what the pane asked, against the client core: in the terminal (the editor) or here
    /// (another pane) at once, a write as background work whose result comes back as a note.
    private func carryOut(_ request: AppRequest) {
        let generation = self.generation
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
            requestInFlight = request
            work.start { await finished(body) }
        }
        /// Runs `body` in its turn among the draft's autosaves, so none lands after it.
        func inDraftOrder(_ body: @escaping @Sendable () async throws -> String) {
            requestInFlight = request
            autosaver.write(pane?.unsavedWork) { inbox.post(await finished(body)) }
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
                result = .text(try editExternally(text))
            } catch {
                result = .failed(TerminalSafeText(sanitising: "\(error)"))
            }
            finish(generation: generation, request: request, result: result)
        case .compose(let draft):
            let opened = present(.compose(draft), unavailable: "the composer")
            finish(
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
        case .export(let path, let contents, let rowCount):
            let target = TildePath.expanding(path, home: home)
            inBackground {
                try contents.write(to: URL(fileURLWithPath: target), options: .atomic)
                return "wrote \(rowCount) row\(rowCount == 1 ? "" : "s") to \(target)"
            }
        case .openMessage, .openPane:
            // Carried out in `apply`, where the pane's answer arrives.
            break
        }
    }
}
