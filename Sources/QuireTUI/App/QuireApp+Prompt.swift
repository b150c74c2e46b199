import QuireCore
import QuireRender

/// The prompt line: `:` commands with completion, `/` searches, link numbers, adding a site.
extension QuireApp {
    func openPrompt(_ kind: Prompt.Kind, text: String) {
        promptLine.open(kind, text: text)
    }

    func editPrompt(_ action: EditAction) {
        switch promptLine.edit(action, completer: { CommandCompleter(provider: completionProvider) }) {
        case .editing:
            break
        case .submitted(let text, let kind):
            submit(text, kind: kind)
        case .cancelled(let kind):
            if kind == .signInRedirect { cancelSignIn() }
            if kind == .followLink {
                reader?.showLinkHints = false
                reader?.invalidate()
            }
        }
    }

    private func submit(_ text: String, kind: Prompt.Kind) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .command:
            guard !trimmed.isEmpty else { return }
            do {
                perform(try CommandLineParser.parse(trimmed))
            } catch {
                showError(error.description)
            }
        case .search:
            guard !trimmed.isEmpty else { return }
            runSearch(trimmed, title: nil)
        case .followLink:
            guard let number = Int(trimmed) else {
                reader?.showLinkHints = false
                reader?.invalidate()
                return showError("type a link number")
            }
            followLink(number)
        case .addSite(let answers):
            addSiteStep(answers + [trimmed])
        case .signInRedirect:
            finishSignIn(redirect: trimmed)
        }
    }

    private func addSiteStep(_ answers: [String]) {
        if answers.count == 1, answers[0].isEmpty { return showError("a site needs a tab name") }
        if answers.count == 2, answers[1].isEmpty { return showError("a site needs an address like =host:port") }
        // An invite link carries its code: then no code is asked for.
        let linkHasCode = answers.count >= 2 && (try? SiteInvitation(site: answers[1], invite: nil))?.code != nil
        guard answers.count == 4 || (answers.count == 3 && linkHasCode) else {
            openPrompt(.addSite(answers: answers), text: "")
            return
        }
        let client = services.client
        let supervisor = options.startSync ? services.supervisor : nil
        let (name, site, alias) = (answers[0], answers[1], answers[2].isEmpty ? nil : answers[2])
        let invite = answers.count == 4 && !answers[3].isEmpty ? answers[3] : nil
        let configuration = supervisor?.configuration ?? SyncConfiguration(home: services.home)
        work.start {
            do {
                let account = try await client.addAccount(name: name, site: site, alias: alias, invite: invite)
                // A site that signs people in: the sign-in comes first, then the sync registers.
                if let flow = try await Self.startSignIn(account, configuration: configuration) {
                    return .signInStarted(account: name, flow: flow)
                }
                await supervisor?.start(name)
                return .siteAdded(name)
            } catch {
                try? await client.removeAccount(name)
                return .failure("cannot add the site: \(error)")
            }
        }
    }

    /// The account added through the prompts is in the store: its tab is shown.
    func showAddedSite(_ name: String) {
        reloadSites()
        screen = .list
        if let index = sites.firstIndex(where: { $0.account.name == name }) { switchSite(to: index) }
        showInfo("added \(name); quire registers it when the site answers")
    }

    /// Completion values only the app knows: sites, views, tags, themes.
    private var completionProvider: AppCompletions {
        let tags = currentAccount.flatMap { try? services.reader.tags(account: $0).map(\.name) } ?? []
        return AppCompletions(
            views: ["All", "Unread", "#Todo"] + config.savedSearches.keys.sorted() + tags.map { "#" + $0 },
            tags: tags, themes: catalog.availableNames(), sorts: ThreadOrder.allCases.map(\.rawValue))
    }
}

/// Argument candidates for `:` completion, read once when Tab is pressed.
struct AppCompletions: ArgumentCompletionProvider {
    var views: [String]
    var tags: [String]
    var themes: [String]
    var sorts: [String]

    func candidates(forCommand name: String, argumentIndex index: Int, prefix: String) -> [String] {
        guard index == 0 else { return [] }
        switch name {
        case "view": return views.filter { $0.hasPrefix(prefix) }
        case "tag", "untag": return tags.filter { $0.hasPrefix(prefix) }
        case "theme": return themes.filter { $0.hasPrefix(prefix) }
        case "sort": return sorts.filter { $0.hasPrefix(prefix) }
        default: return []
        }
    }
}
