import Foundation
import TMTP

/// Copies an account's history to its other devices: what a new node needs beyond what the
/// site still queues for it. The user's `addDevice` and the sync, when the site enrols a node
/// this device asked for, both start it.
struct HistoryShare: Sendable {
    let store: ClientStore

    /// Queues one own-node post per thread with its file, then one with contacts, groups, tags
    /// and read state, all in one transaction.
    @discardableResult
    func queue(account: String, author: Outgoing.Author) async throws -> [OutboxItem] {
        var items: [OutboxItem] = []
        for summary in try await store.threads(ThreadQuery(account: account, limit: Int.max)).reversed() {
            let messages = try await store.messages(account: account, thread: summary.id)
            guard !messages.isEmpty else { continue }
            var members: [Recipient] = []
            for message in messages {
                members += [Recipient(alias: message.fromAlias, uid: message.fromUID)] + message.recipients
            }
            members += try await store.threadMembers(account: account, thread: summary.id)
            let file = try await ThreadFileBuilder(store: store).file(
                summary.id, messages: messages, members: members, author: author)
            items.append(try Outgoing.historyThread(account: account, threadID: summary.id, file: file))
        }
        items.append(
            try Outgoing.historySummary(account: account, history: try await store.nodeHistory(account: account)))
        try await store.enqueue(items, account: account)
        return items
    }
}
