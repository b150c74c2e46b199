import Foundation
import QuireCore

/// One registered account of the demo, with its own home, store and running sync: you, or one
/// of the demo people.
public final class DemoAccount: Sendable {
    /// The local account name in ``home``.
    public let name: String
    public let alias: String
    public let uid: String
    public let home: QuireHome
    public let store: ClientStore
    public let client: QuireClient
    let supervisor: SyncSupervisor

    private init(
        name: String, alias: String, uid: String, home: QuireHome, store: ClientStore, supervisor: SyncSupervisor
    ) {
        self.name = name
        self.alias = alias
        self.uid = uid
        self.home = home
        self.store = store
        self.client = QuireClient(store: store, home: home)
        self.supervisor = supervisor
    }

    /// Adds the account to `home` (whose store is `store`, opened when nil), registers it on the
    /// site under `alias` and waits until it is online.
    static func register(
        name: String, alias: String, home: QuireHome, store: ClientStore? = nil, site: String, timeout: Duration
    ) async throws -> DemoAccount {
        let store = try store ?? ClientStore(home: home)
        let client = QuireClient(store: store, home: home)
        try await client.addAccount(name: name, site: site, alias: alias)
        let supervisor = SyncSupervisor(store: store, configuration: Self.syncConfiguration(home: home))
        let sync = await supervisor.start(name)
        do {
            try await waitUntil("registering \(alias)", timeout: timeout) {
                switch await sync.state {
                case .online: return true
                case .rejected(let reason): throw DemoError.refused("\(alias): \(reason)")
                default:
                    if let account = try await store.account(named: name), account.state == .failed {
                        throw DemoError.refused("\(alias): \(account.error ?? "registration failed")")
                    }
                    return false
                }
            }
            guard let uid = try await store.account(named: name)?.uid else {
                throw DemoError.refused("\(alias): registered without a uid")
            }
            return DemoAccount(name: name, alias: alias, uid: uid, home: home, store: store, supervisor: supervisor)
        } catch {
            await supervisor.stopAll()
            throw error
        }
    }

    /// Quick retries and outbox polling: everything is local, and a newcomer should see things happen at once.
    static func syncConfiguration(home: QuireHome) -> SyncConfiguration {
        var configuration = SyncConfiguration(home: home, deviceLabel: "quire-demo")
        configuration.backoffBase = .milliseconds(100)
        configuration.backoffMax = .seconds(2)
        configuration.outboxPollInterval = .milliseconds(500)
        configuration.lockRetryInterval = .milliseconds(200)
        return configuration
    }

    /// Uids of contacts this account's link reports online; empty while its sync is stopped.
    var onlineContacts: Set<String> {
        get async { await supervisor.sync(for: name)?.onlineContacts ?? [] }
    }

    /// Stops the account's sync and waits until its link is closed.
    func stopSync() async {
        await supervisor.stopAll()
    }

    /// Waits until the outbox rows `ids` were acked; a row the site refused is an error.
    func waitSent(_ ids: [String], what: String, timeout: Duration) async throws {
        try await waitUntil(what, timeout: timeout) {
            for id in ids {
                guard let item = try await self.store.outboxItem(account: self.name, id: id) else { continue }
                switch item.state {
                case .sent: continue
                case .failed: throw DemoError.refused("\(what): \(item.error ?? "no reason given")")
                case .queued: return false
                }
            }
            return true
        }
    }

    /// Posts a new thread (or a reply) to contacts by alias and groups by gid, with attachments of any kind.
    @discardableResult
    func post(
        to names: [String], subject: String, body: String, replyingTo thread: String? = nil,
        attachments: [Outgoing.Attachment] = []
    ) async throws -> OutboxItem {
        var recipients: [Recipient] = []
        let groups = try await store.groups(account: name)
        for target in names {
            if groups.contains(where: { $0.gid == target }) {
                recipients.append(Recipient(alias: target, uid: target, isGroup: true))
            } else if let uid = try await store.contact(account: name, alias: target)?.uid {
                recipients.append(Recipient(alias: target, uid: uid))
            } else {
                throw QuireClientError.unknownRecipient(target)
            }
        }
        let item = try Outgoing.post(
            account: name, author: Outgoing.Author(uid: uid, alias: alias), recipients: recipients,
            threadID: thread, subject: subject, body: body, attachments: attachments)
        try await store.enqueue(item)
        return item
    }
}
