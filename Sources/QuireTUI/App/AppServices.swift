import QuireCore

/// The client core the app works through: the store it reads, the user actions it calls and,
/// when syncing, the supervisor whose link states the top bar shows.
public struct AppServices: Sendable {
    public let home: QuireHome
    public let store: ClientStore
    public let client: QuireClient
    public let supervisor: SyncSupervisor?

    public init(home: QuireHome, store: ClientStore, supervisor: SyncSupervisor?) {
        self.home = home
        self.store = store
        self.client = QuireClient(store: store, home: home)
        self.supervisor = supervisor
    }
}
