import QuireCore
import QuireRender

/// Signing in to a site being added (OpenID Connect), which the add-site prompts lead to. It
/// holds the sign-in waiting for the browser, draws its authorization URL as an OSC 8 link over
/// the status line, and finishes it when the browser comes back to the loopback listener or the
/// address is pasted at the prompt. The prompts it needs come back to the app as routes; what
/// ends in the background comes back as inbox notes.
final class SiteSignIn {
    private let client: QuireClient
    /// The sync supervisor that registers the new account, when the app syncs.
    private let supervisor: SyncSupervisor?
    private let work: BackgroundWork
    private let inbox: AppInbox
    private let status: StatusBoard
    /// The sign-in waiting for the browser (or a pasted address).
    private var pending: (account: String, flow: SignInFlow)?

    init(client: QuireClient, supervisor: SyncSupervisor?, work: BackgroundWork, inbox: AppInbox, status: StatusBoard) {
        self.client = client
        self.supervisor = supervisor
        self.work = work
        self.inbox = inbox
        self.status = status
    }

    var isWaiting: Bool { pending != nil }

    /// Waits for the browser in the background; the paste prompt opens meanwhile.
    func begin(account: String, flow: SignInFlow) -> AppRoute {
        pending = (account, flow)
        if flow.listens {
            let finish = finisher(account: account, flow: flow)
            let inbox = inbox
            // Not counted as background work: the browser may never come back, and leaving the
            // app waits for the work under way.
            Task.detached {
                for await target in flow.redirects {
                    inbox.post(await finish(target))
                    return
                }
            }
        }
        return .prompt(.signInRedirect, text: "")
    }

    /// The address the browser was sent back to, pasted. The prompt opens again at once, so a
    /// mistyped paste can be pasted again; the end of the sign-in closes it.
    func finish(redirect: String) -> AppRoute? {
        guard let (account, flow) = pending else { return nil }
        let finish = finisher(account: account, flow: flow)
        work.start { await finish(redirect) }
        return .prompt(.signInRedirect, text: "")
    }

    /// Whether `account`'s sign-in was the one waiting; it waits no more.
    func end(account: String) -> Bool {
        guard pending?.account == account else { return false }
        pending = nil
        return true
    }

    /// The answer to "sign in with 1 A, 2 B": a provider's number or label starts its sign-in; 0
    /// registers without signing in (a site that requires it refuses, and the sync says so).
    func choose(_ answer: String, account: String, options: [SignInOption]) -> AppRoute? {
        if answer == "0" {
            let supervisor = supervisor
            work.start { await AddSiteFlow.register(account, supervisor: supervisor) }
            return nil
        }
        let index =
            Int(answer).map { $0 - 1 } ?? options.firstIndex { $0.label.lowercased() == answer.lowercased() }
        guard let index, options.indices.contains(index) else {
            status.error("type a provider's number, 1 to \(options.count), or 0")
            return .prompt(.signInProvider(account: account, options: options), text: "")
        }
        work.start { .signInStarted(account: account, flow: await SignInFlow.start(options, index: index)) }
        return nil
    }

    /// Esc at the provider choice: the account is not added.
    func cancelChoice(account: String) {
        removeAccount(account, closing: nil)
    }

    /// Esc at the paste prompt: the sign-in stops and the account is not added.
    func cancel() {
        guard let (account, flow) = pending else { return }
        pending = nil
        removeAccount(account, closing: flow)
    }

    private func removeAccount(_ account: String, closing flow: SignInFlow?) {
        let client = client
        work.start {
            await flow?.close()
            try? await client.removeAccount(account)
            return .failure("sign-in cancelled; \(account) was not added")
        }
    }

    /// Swaps the redirect's code for the token and starts the sync that registers with it; on
    /// failure nothing of the account is kept.
    private func finisher(account: String, flow: SignInFlow) -> @Sendable (String) async -> AppInbox.Note {
        let (client, supervisor) = (client, supervisor)
        return { redirect in
            do throws(SignInError) {
                let token = try await flow.finish(redirect: redirect)
                await flow.close()
                await supervisor?.start(account, signInToken: token)
                return .signInEnded(account: account, failure: nil)
            } catch .notARedirect(let text) {
                return .failure("\(SignInError.notARedirect(text))")
            } catch {
                await flow.close()
                try? await client.removeAccount(account)
                return .signInEnded(account: account, failure: "cannot add \(account): \(error)")
            }
        }
    }

    /// The authorization URL, as a link, over the status line while the sign-in waits.
    func drawLink(in canvas: Canvas) {
        guard let flow = pending?.flow, let url = HyperlinkURL(flow.authorizationURL), canvas.width > 0 else { return }
        let text = TerminalSafeText(sanitising: "sign in with \(flow.option.label): \(flow.authorizationURL)")
        let style = canvas.theme.style(.statusLine)
        let (terminal, rect) = (canvas.terminal, canvas.rect)
        terminal.fill(row: rect.row, column: rect.column, count: rect.width, style: style)
        terminal.putLink(
            Truncation.truncate(text, toWidth: rect.width, ambiguousWide: terminal.ambiguousWide), url: url,
            row: rect.row, column: rect.column, style: style)
    }
}
