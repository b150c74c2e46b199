import Foundation
import QuireCore
import TMTP

/// Runs an account's sync just long enough for a command: until a condition on the store holds,
/// the site rejects the account, or the timeout passes. When another quire process holds the
/// account's link, that process does the sending and this one only watches the store.
struct SiteSession {
    let context: CommandContext
    let account: String
    let timeout: Duration
    /// Sent with Register when the account is registered in this session.
    var signInToken: OIDCToken?

    /// Waits until `done` (given the link's state) returns true; checked every 50 ms.
    func run(until done: @escaping @Sendable (SyncState) async throws -> Bool) async throws {
        var configuration = context.syncConfiguration
        configuration.retriesAfterSiteFaults = false
        configuration.signInToken = signInToken
        let sync = AccountSync(account: account, store: context.store, configuration: configuration)
        await sync.start()
        do {
            try await wait(for: sync, until: done)
        } catch {
            await sync.stop()
            throw error
        }
        await sync.stop()
    }

    private func wait(for sync: AccountSync, until done: @Sendable (SyncState) async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        var failures = FailureMemory()
        while true {
            let state = await sync.state
            failures.note(state, account: account)
            if try await done(state) { return }
            if case .rejected(let reason) = state {
                throw Refused(account: account, reason: reason)
            }
            if ContinuousClock.now >= deadline {
                throw CommandFailure(
                    "\(account): timed out (\(failures.describe(state, account: account))); "
                        + "the work stays queued and goes out with the next `quire sync`")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The site refused the account or broke the link in a way waiting will not mend.
    struct Refused: Error, CustomStringConvertible {
        var account: String
        var reason: String

        var description: String { "\(account): \(reason)" }
    }

    /// Sends queued rows and waits for their acks; a row the site refused is an error.
    func deliver(_ ids: [String]) async throws -> [OutboxItem] {
        let store = context.store
        let account = account
        try await run { _ in
            for id in ids {
                guard let item = try await store.outboxItem(account: account, id: id) else { continue }
                if item.state == .queued { return false }
            }
            return true
        }
        var items: [OutboxItem] = []
        for id in ids {
            if let item = try await store.outboxItem(account: account, id: id) { items.append(item) }
        }
        if let failed = items.first(where: { $0.state == .failed }) {
            throw CommandFailure("\(account): the site refused \(failed.id): \(failed.error ?? "no reason given")")
        }
        return items
    }
}
