import QuireCore

/// Adding a site from the prompt line, one answer at a time: tab name, address (or invite
/// link), alias, invite code. The account is added in the background; its tab shows when the
/// note of it arrives.
struct AddSiteFlow {
    let client: QuireClient
    /// The sync supervisor that starts the new account, when the app syncs.
    let supervisor: SyncSupervisor?
    let work: BackgroundWork
    let status: StatusBoard
    /// The home, for asking a site how it signs people in when the app does not sync.
    let home: QuireHome

    /// Takes the answers so far: returns the prompt for the next one, or adds the site.
    func step(_ answers: [String]) -> AppRoute? {
        if answers.count == 1, answers[0].isEmpty {
            status.error("a site needs a tab name")
            return nil
        }
        if answers.count == 2, answers[1].isEmpty {
            status.error("a site needs an address like =host:port")
            return nil
        }
        // An invite link carries its code: then no code is asked for.
        let linkHasCode = answers.count >= 2 && (try? SiteInvitation(site: answers[1], invite: nil))?.code != nil
        guard answers.count == 4 || (answers.count == 3 && linkHasCode) else {
            return .prompt(.addSite(answers: answers), text: "")
        }
        let (client, supervisor) = (self.client, self.supervisor)
        let (name, site, alias) = (answers[0], answers[1], answers[2].isEmpty ? nil : answers[2])
        let invite = answers.count == 4 && !answers[3].isEmpty ? answers[3] : nil
        let configuration = supervisor?.configuration ?? SyncConfiguration(home: home)
        work.start {
            do {
                let account = try await client.addAccount(name: name, site: site, alias: alias, invite: invite)
                // A site that signs people in: the sign-in comes first, then the sync registers.
                let options = await Self.signInOptions(account, configuration: configuration)
                switch options.count {
                case 0:
                    return await Self.register(name, supervisor: supervisor)
                case 1:
                    return .signInStarted(account: name, flow: await SignInFlow.start(options, index: 0))
                default:
                    return .signInChoice(account: name, options: options)
                }
            } catch {
                try? await client.removeAccount(name)
                return .failure("cannot add the site: \(error)")
            }
        }
        return nil
    }

    /// Registers `name` without signing in: its sync starts (when the app syncs) and its tab shows.
    static func register(_ name: String, supervisor: SyncSupervisor?) async -> AppInbox.Note {
        await supervisor?.start(name)
        return .siteAdded(name)
    }

    /// The site's sign-in providers: none when it signs nobody in (or cannot be asked: then the
    /// sync reports why, as for any site).
    static func signInOptions(_ account: Account, configuration: SyncConfiguration) async -> [SignInOption] {
        (try? await SiteProbe.signInOptions(
            of: account.siteAddress, configuration: configuration, timeout: .seconds(10))) ?? []
    }
}
