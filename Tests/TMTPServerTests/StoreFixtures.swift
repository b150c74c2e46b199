import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

/// Runs `body` on a fresh store of `kind` in a fresh directory (and, for PostgreSQL, a fresh
/// database), closing and removing both afterwards.
func withStore(_ kind: TestStore, _ body: (any ServerStore, TemporaryDirectory) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    switch kind {
    case .sqlite:
        let store = try SQLiteServerStore(directory: directory.path)
        defer { try? store.close() }
        try await body(store, directory)
    case .postgres:
        let database = try await TestDatabase.create()
        let store: PostgresServerStore
        do {
            store = try await database.open(spoolDirectory: directory.path)
        } catch {
            await database.drop()
            throw error
        }
        do {
            try await body(store, directory)
        } catch {
            store.close()
            await database.drop()
            throw error
        }
        store.close()
        await database.drop()
    }
}

extension ServerStore {
    /// Creates a user with node 1 whose key hash is `key-<uid>-1`.
    @discardableResult
    func register(_ uid: String, alias: String? = nil) async throws -> NodeAddress {
        let node = try await createUser(uid: uid, nodeKeyHash: "key-\(uid)-1", invite: nil, now: Date())
        if let alias { try await addAlias(alias, for: uid) }
        return node
    }

    /// Adds node `n+1` to a user, copying node 1's backlog.
    func addNode(_ uid: String) async throws -> NodeAddress {
        let count = try await nodes(of: [uid]).count
        return try await addNode(uid: uid, nodeKeyHash: "key-\(uid)-\(count + 1)", copyingBacklogOf: 1)
    }

    /// Acks every queued message of a node, returning their ids in delivery order.
    func drain(_ node: NodeAddress) async throws -> [UInt64] {
        var ids: [UInt64] = []
        while let head = try await nextMessage(for: node) {
            ids.append(head.id)
            #expect(try await acknowledge(head.id, for: node))
        }
        return ids
    }
}

func message(_ id: UInt64, _ priority: QueuePriority = .message, data: MessageData = .none) -> SiteMessage {
    SiteMessage(id: id, priority: priority, header: Array("{\"id\":\"\(id)\"}".utf8), data: data)
}

/// The message a directory refusal carries, or `nil` when the call succeeded.
func refusal(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as DirectoryError {
        return error.message
    } catch {
        return "unexpected \(error)"
    }
}
