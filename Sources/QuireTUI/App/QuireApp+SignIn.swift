import QuireCore
import QuireRender
import TMTP

/// Adding a site that signs people in (OpenID Connect): the add-site prompts lead here. The
/// authorization URL is shown as an OSC 8 link on the status line; the sign-in finishes when the
/// browser comes back to the loopback listener, or with the address pasted at the prompt.
extension QuireApp {
    /// Shows the link and the paste prompt, and waits for the browser in the background.
    func awaitSignIn(account: String, flow: SignInFlow) {
        signIn = (account, flow)
        promptLine.open(.signInRedirect, text: "")
        guard flow.listens else { return }
        let finish = signInFinisher(account: account, flow: flow)
        let inbox = inbox
        // Not counted as background work: the browser may never come back, and leaving the app
        // waits for the work under way.
        Task.detached {
            for await target in flow.redirects {
                inbox.post(await finish(target))
                return
            }
        }
    }

    func finishSignIn(redirect: String) {
        guard let (account, flow) = signIn else { return }
        // Open again at once: a mistyped paste can be pasted again; the end of the sign-in closes it.
        promptLine.open(.signInRedirect, text: "")
        let finish = signInFinisher(account: account, flow: flow)
        work.start { await finish(redirect) }
    }

    func endSignIn(account: String, failure: String?) {
        guard signIn?.account == account else { return }
        signIn = nil
        if promptLine.prompt?.kind == .signInRedirect { promptLine.close() }
        if let failure { status.error(failure) } else { showAddedSite(account) }
    }

    /// The answer to "sign in with 1 A, 2 B": a provider's number or label starts its sign-in; 0
    /// registers without signing in (a site that requires it refuses, and the sync says so).
    func chooseSignIn(_ answer: String, account: String, options: [SignInOption]) {
        let supervisor = self.options.startSync ? services.supervisor : nil
        if answer == "0" {
            work.start {
                await supervisor?.start(account)
                return .siteAdded(account)
            }
            return
        }
        let index =
            Int(answer).map { $0 - 1 } ?? options.firstIndex { $0.label.lowercased() == answer.lowercased() }
        guard let index, options.indices.contains(index) else {
            promptLine.open(.signInProvider(account: account, options: options), text: "")
            return status.error("type a provider's number, 1 to \(options.count), or 0")
        }
        work.start { .signInStarted(account: account, flow: await SignInFlow.start(options, index: index)) }
    }

    func cancelSignInChoice(account: String) {
        let client = services.client
        work.start {
            try? await client.removeAccount(account)
            return .failure("sign-in cancelled; \(account) was not added")
        }
    }

    func cancelSignIn() {
        guard let (account, flow) = signIn else { return }
        signIn = nil
        let client = services.client
        work.start {
            await flow.close()
            try? await client.removeAccount(account)
            return .failure("sign-in cancelled; \(account) was not added")
        }
    }

    /// Swaps the redirect's code for the token and starts the sync that registers with it; on failure
    /// nothing of the account is kept.
    private func signInFinisher(account: String, flow: SignInFlow) -> @Sendable (String) async -> AppInbox.Note {
        let client = services.client
        let supervisor = options.startSync ? services.supervisor : nil
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
    func drawSignInLink(in rect: Rect) {
        guard let flow = signIn?.flow, let url = HyperlinkURL(flow.authorizationURL), rect.width > 0 else { return }
        let text = TerminalSafeText(sanitising: "sign in with \(flow.option.label): \(flow.authorizationURL)")
        let style = theme.style(.statusLine)
        terminal.fill(row: rect.row, column: rect.column, count: rect.width, style: style)
        terminal.putLink(
            Truncation.truncate(text, toWidth: rect.width, ambiguousWide: terminal.ambiguousWide), url: url,
            row: rect.row, column: rect.column, style: style)
    }
}
