import QuireCore
import Synchronization

/// Who is online on each site, as the sync's presence events say: kept up to date off the UI
/// thread as the events pass through the ``AppInbox``, and read synchronously by the panes
/// that show it (the address book).
public final class PresenceBoard: Sendable {
    private let online = Mutex<[String: Set<String>]>([:])

    public init() {}

    /// The uids online on `account`'s site.
    public func online(account: String) -> Set<String> {
        online.withLock { $0[account] ?? [] }
    }

    /// Takes a presence event into account; other events change nothing.
    public func apply(_ event: SyncEvent) {
        guard case .presence(let account, let uid, let isOnline) = event else { return }
        online.withLock { board in
            if isOnline {
                board[account, default: []].insert(uid)
            } else {
                board[account]?.remove(uid)
            }
        }
    }

    /// Replaces what is known of `account` (a snapshot taken when the app starts).
    public func set(_ uids: Set<String>, account: String) {
        online.withLock { $0[account] = uids }
    }
}
