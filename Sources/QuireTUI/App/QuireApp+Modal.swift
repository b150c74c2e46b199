import QuireCore
import QuireRender

/// Presenting any ``ModalPane``: keys go through its bindings, requests are carried out here
/// against the client core, and their results go back to the pane.
extension QuireApp {
    /// Opens the pane the provider makes for `request`, or explains that it is missing.
    func present(_ request: PaneRequest, unavailable what: String) {
        guard let provider = options.paneProvider else {
            return showError("\(what) is not available in this build")
        }
        guard let pane = provider.pane(for: request, services: services) else {
            return showError("\(what) could not be opened")
        }
        present(pane)
    }

    /// Shows `pane` over the main area until it closes.
    public func present(_ pane: any ModalPane) {
        modal = pane
        help = nil
        message = nil
    }

    /// Gives a command to the open pane; true when the app needs to do nothing more.
    func performInModal(_ command: Command) -> Bool {
        switch command {
        case .suspend, .redraw, .quit, .help, .theme, .toggleMouse:
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
            modal = nil
        case .request(let request):
            let result = carryOut(request)
            if case .compose = request { return }
            modal?.complete(request, with: result)
            switch result {
            case .done(let text): message = .info(text)
            case .failed(let text): message = .error(text)
            case .text: break
            }
        }
    }

    /// Does what a pane asked, against the client core.
    func carryOut(_ request: AppRequest) -> RequestResult {
        let store = services.store
        let client = services.client
        func failed(_ error: any Error) -> RequestResult {
            .failed(TerminalSafeText(sanitising: "\(error)"))
        }
        do {
            switch request {
            case .send(let draft):
                // Saved first, so the draft survives until the site acks the post; the outbox
                // keeps it while offline.
                try BlockingAsync.run {
                    try await store.saveDraft(draft)
                    _ = try await client.send(draft: draft.id, account: draft.account)
                }
                return .done(UIText("queued in the outbox; it goes out when the site is reachable").safe)
            case .saveDraft(let draft):
                try BlockingAsync.run { try await store.saveDraft(draft) }
                return .done(UIText("draft saved").safe)
            case .discardDraft(let account, let id):
                _ = try BlockingAsync.run { try await store.deleteDraft(account: account, id: id) }
                return .done(UIText("draft discarded").safe)
            case .editExternally(let text):
                do {
                    let edited = try ExternalEditor(environment: options.environment).edit(text, on: terminal)
                    return .text(edited)
                } catch {
                    return .failed(TerminalSafeText(sanitising: error.description))
                }
            case .compose(let draft):
                present(.compose(draft), unavailable: "the composer")
                return .done(.empty)
            case .acceptNotice(let id):
                _ = try BlockingAsync.run { try await client.accept(notice: id) }
                return .done(UIText("accepted").safe)
            case .ignoreNotice(let id):
                try BlockingAsync.run { try await client.ignore(notice: id) }
                return .done(UIText("ignored").safe)
            case .setBlocked(let blocked, let account, let alias):
                try BlockingAsync.run { try await client.setBlocked(blocked, account: account, alias: alias) }
                return .done(TerminalSafeText(sanitising: (blocked ? "blocked " : "unblocked ") + alias))
            case .ping(let account, let alias, let text):
                _ = try BlockingAsync.run { try await client.ping(account: account, alias: alias, text: text) }
                return .done(TerminalSafeText(sanitising: "ping to \(alias) queued"))
            case .leaveGroup(let account, let gid):
                _ = try BlockingAsync.run { try await client.leave(account: account, gid: gid) }
                return .done(TerminalSafeText(sanitising: "leaving \(gid)"))
            case .dropMember(let account, let gid, let alias):
                _ = try BlockingAsync.run { try await client.drop(account: account, gid: gid, member: alias) }
                return .done(TerminalSafeText(sanitising: "dropping \(alias) from \(gid)"))
            }
        } catch {
            return failed(error)
        }
    }
}
