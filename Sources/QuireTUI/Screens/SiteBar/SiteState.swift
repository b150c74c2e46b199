import QuireCore
import QuireRender

/// One account as the top bar shows it.
struct SiteState: Sendable, Hashable {
    var account: Account
    var unreadThreads = 0
    var sync: SyncState = .stopped
    var onlineContacts: Set<String> = []

    /// The tab's label: the name the site gave itself, else the account's local name.
    var displayName: String {
        if let siteName = account.siteName, !siteName.isEmpty, siteName != account.name {
            return account.name + "@" + siteName
        }
        return account.name
    }

    var tab: SiteTab {
        SiteTab(name: TerminalSafeText(sanitising: displayName), unread: unreadThreads, link: link)
    }

    var link: SiteTab.LinkState {
        switch sync {
        case .online: .online
        case .connecting, .waitingForLock: .connecting
        case .retrying(let reason, _): .offline(reason: TerminalSafeText(sanitising: reason))
        case .rejected(let reason): .offline(reason: TerminalSafeText(sanitising: reason))
        case .stopped:
            .offline(
                reason: TerminalSafeText(
                    sanitising: account.state == .failed ? account.error ?? "failed" : "not syncing"))
        }
    }
}
