import TMTP

/// Runs the sync of every account of a store at once, and adds or removes accounts while running.
public actor SyncSupervisor {
    public nonisolated let store: ClientStore
    public nonisolated let configuration: SyncConfiguration
    private var syncs: [String: AccountSync] = [:]
    private var forwarders: [String: Task<Void, Never>] = [:]
    private let broadcast = Broadcast<SyncEvent>(bufferingNewest: 4096)

    public init(store: ClientStore, configuration: SyncConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// Starts every account of the store (those already running are left alone).
    public func startAll() async throws {
        for account in try await store.accounts() {
            await start(account.name)
        }
    }

    /// Starts one account's sync; `signInToken` goes with its Register (see ``SignInFlow``).
    @discardableResult
    public func start(_ account: String, signInToken: OIDCToken? = nil) async -> AccountSync {
        if let running = syncs[account] { return running }
        var configuration = configuration
        configuration.signInToken = signInToken
        let sync = AccountSync(account: account, store: store, configuration: configuration)
        syncs[account] = sync
        forwarders[account] = Task {
            for await event in await sync.events() {
                self.broadcast.publish(event)
            }
        }
        await sync.start()
        return sync
    }

    /// Stops one account's sync.
    public func stop(_ account: String) async {
        guard let sync = syncs.removeValue(forKey: account) else { return }
        await sync.stop()
        forwarders.removeValue(forKey: account)?.cancel()
    }

    /// Stops everything.
    public func stopAll() async {
        for name in Array(syncs.keys) { await stop(name) }
    }

    /// Leaves a site: stops the account and deletes its data and node password, so nothing from
    /// that site is seen again.
    public func remove(_ account: String) async throws {
        await stop(account)
        try await QuireClient(store: store, home: configuration.home).removeAccount(account)
    }

    public func sync(for account: String) -> AccountSync? {
        syncs[account]
    }

    /// The state of each running account.
    public func states() async -> [String: SyncState] {
        var states: [String: SyncState] = [:]
        for (name, sync) in syncs { states[name] = await sync.state }
        return states
    }

    /// Events of every account, merged.
    public func events() -> AsyncStream<SyncEvent> {
        broadcast.subscribe()
    }
}
