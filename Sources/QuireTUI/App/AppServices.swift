import QuireCore

/// The client core the app works through: the store it reads (synchronously, through
/// ``reader``) and writes (through tasks), the user actions it calls and, when syncing, the
/// supervisor whose link states the top bar shows and whose presence events fill ``presence``.
public struct AppServices: Sendable {
    public let home: QuireHome
    public let store: ClientStore
    public let reader: StoreReader
    public let client: QuireClient
    public let supervisor: SyncSupervisor?
    public let presence: PresenceBoard

    public init(home: QuireHome, store: ClientStore, supervisor: SyncSupervisor?) {
        self.home = home
        self.store = store
        self.reader = store.reader
        self.client = QuireClient(store: store, home: home)
        self.supervisor = supervisor
        self.presence = PresenceBoard()
    }
}
