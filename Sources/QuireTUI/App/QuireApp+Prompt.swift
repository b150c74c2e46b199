import QuireCore
import QuireRender

/// The prompt line: `:` commands with completion, `/` searches, link numbers, adding a site.
extension QuireApp {
    func editPrompt(_ action: EditAction) {
        switch promptLine.edit(action, completer: { CommandCompleter(provider: completions) }) {
        case .editing:
            break
        case .submitted(let text, let kind):
            submit(text.trimmingCharacters(in: .whitespaces), kind: kind)
        case .cancelled(let kind):
            if kind == .signInRedirect { signIn.cancel() }
            if case .signInProvider(let account, _) = kind { signIn.cancelChoice(account: account) }
            if kind == .followLink { reader.hideLinkHints() }
        }
    }

    private func submit(_ text: String, kind: Prompt.Kind) {
        switch kind {
        case .command:
            guard !text.isEmpty else { return }
            do {
                perform(try CommandLineParser.parse(text))
            } catch {
                status.error(error.description)
            }
        case .search:
            guard !text.isEmpty else { return }
            runSearch(text, title: nil)
        case .followLink:
            guard let number = Int(text) else {
                reader.hideLinkHints()
                return status.error("type a link number")
            }
            go(reader.followLink(number, accounts: siteBar.accountNames))
        case .addSite(let answers):
            let flow = AddSiteFlow(
                client: services.client, supervisor: options.startSync ? services.supervisor : nil, work: work,
                status: status, home: services.home)
            go(flow.step(answers + [text]))
        case .signInProvider(let account, let options):
            go(signIn.choose(text, account: account, options: options))
        case .signInRedirect:
            go(signIn.finish(redirect: text))
        }
    }

    /// Completion values only the app knows: sites, views, tags, themes.
    private var completions: AppCompletions {
        let tags = currentAccount.flatMap { try? services.reader.tags(account: $0).map(\.name) } ?? []
        return AppCompletions(
            views: ["All", "Unread", "#Todo"] + config.savedSearches.keys.sorted() + tags.map { "#" + $0 },
            tags: tags, themes: catalog.availableNames(), sorts: ThreadOrder.allCases.map(\.rawValue))
    }
}
