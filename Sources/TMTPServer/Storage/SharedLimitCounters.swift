/// Counters behind the site's limits, kept in a store several processes share so each limit holds
/// across them (a client cannot spread its attempts over instances). A store only one process uses
/// does not offer it; the engine then counts in memory.
///
/// Windows and days run on the store's clock, one clock for every instance.
public protocol SharedLimitCounters: Sendable {
    /// Counts one failed Login (or refused invite) from `host`, in a window that starts at its first
    /// failure and lasts `window`.
    func recordLoginFailure(host: String, window: Duration) async throws

    /// The failures counted for `host` in its current window; 0 once the window has passed.
    func loginFailures(host: String, window: Duration) async throws -> Int

    /// Takes one of the `limit` pings (and group invites) `uid` may send on this UTC day; `false`,
    /// counting nothing, when they are spent.
    func takeDailyPing(uid: String, limit: Int) async throws -> Bool
}
