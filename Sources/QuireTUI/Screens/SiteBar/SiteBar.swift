import QuireCore

/// The sites of the top bar: each account with its unread count, link state and who is online,
/// which one is on screen, and the outbox count beside them. It reads the store itself; sync
/// events update it in place.
final class SiteBar {
    private(set) var sites: [SiteState] = []
    private(set) var current = 0
    private(set) var outboxCount = 0

    private let reader: StoreReader
    private let presence: PresenceBoard

    init(reader: StoreReader, presence: PresenceBoard) {
        self.reader = reader
        self.presence = presence
    }

    var isEmpty: Bool { sites.isEmpty }

    /// The account on screen, if there is one.
    var currentAccount: String? {
        sites.indices.contains(current) ? sites[current].account.name : nil
    }

    /// Every account, in tab order.
    var accountNames: [String] { sites.map(\.account.name) }

    /// The name the site of `account` gave itself, else the account's.
    func siteName(of account: String) -> String {
        sites.first { $0.account.name == account }?.account.siteName ?? account
    }

    /// How many contacts of the site on screen are online.
    var onlineCount: Int {
        sites.indices.contains(current) ? sites[current].onlineContacts.count : 0
    }

    var tabs: [SiteTab] { sites.map(\.tab) }

    /// Puts site `index` on screen, counting round from either end.
    func select(_ index: Int) {
        guard !sites.isEmpty else { return }
        current = (index % sites.count + sites.count) % sites.count
    }

    /// Puts the site of `account` on screen; false when there is none.
    @discardableResult
    func select(account: String) -> Bool {
        guard let index = sites.firstIndex(where: { $0.account.name == account }) else { return false }
        current = index
        return true
    }

    /// Reads accounts, unread counts and the outbox again (link states and presence come as
    /// sync events); the site on screen stays on screen. Throws what the store said.
    func reload() throws {
        let accounts = try reader.accounts()
        let previous = Dictionary(sites.map { ($0.account.name, $0) }, uniquingKeysWith: { first, _ in first })
        let shown = currentAccount
        sites = accounts.map { account in
            var site = previous[account.name] ?? SiteState(account: account)
            site.account = account
            if previous[account.name] == nil { site.onlineContacts = presence.online(account: account.name) }
            return site
        }
        if shown.map({ select(account: $0) }) != true { current = min(current, max(0, sites.count - 1)) }
        try reloadUnreadCounts()
        reloadOutboxCount()
    }

    /// Reads the unread counts alone (a thread changed; the accounts did not). Throws what the
    /// store said.
    func reloadUnreadCounts() throws {
        let unread = try reader.unreadCounts()
        for index in sites.indices {
            sites[index].unreadThreads = unread.first { $0.account == sites[index].account.name }?.unreadThreads ?? 0
        }
    }

    /// Counts the messages waiting in every site's outbox (kept as it was when the read fails).
    func reloadOutboxCount() {
        outboxCount =
            (try? sites.reduce(0) { total, site in total + (try reader.queuedOutboxCount(account: site.account.name)) })
            ?? outboxCount
    }

    /// Takes a link state or presence change of one site.
    func apply(_ event: SyncEvent) {
        switch event {
        case .state(let account, let state):
            if let index = index(of: account) { sites[index].sync = state }
        case .presence(let account, let uid, let online):
            guard let index = index(of: account) else { return }
            if online {
                sites[index].onlineContacts.insert(uid)
            } else {
                sites[index].onlineContacts.remove(uid)
            }
        case .outbox:
            reloadOutboxCount()
        case .newMessage:
            break
        }
    }

    private func index(of account: String) -> Int? {
        sites.firstIndex { $0.account.name == account }
    }
}
