import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

@Suite struct DirectoryStoreTests {
    /// A fresh store with users A, B and C, registered as alice-alias, bob-alias and carol-alias; the directory
    /// must outlive the store.
    private func storeOfAliceBobAndCarol() async throws -> (TemporaryDirectory, SQLiteServerStore) {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        try await registerAliceBobAndCarol(store)
        return (directory, store)
    }

    private func registerAliceBobAndCarol(_ store: any ServerStore) async throws {
        try await store.register("A", alias: "alice-alias")
        try await store.register("B", alias: "bob-alias")
        try await store.register("C", alias: "carol-alias")
    }

    @Test(arguments: TestStore.all) func createVerifyAndRetryUser(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let node = try await store.createUser(uid: "U1", nodeKeyHash: "hash1", invite: nil, now: Date())
            #expect(node == NodeAddress(uid: "U1", number: 1))
            #expect(node.description == "U1.01")
            #expect(try await store.verify(uid: "U1", nodeKeyHash: "hash1") == 1)
            #expect(try await store.verify(uid: "U1", nodeKeyHash: "wrong") == nil)
            #expect(try await store.verify(uid: "U2", nodeKeyHash: "hash1") == nil)
            // A retry with the same key succeeds; another key is refused.
            #expect(try await store.createUser(uid: "U1", nodeKeyHash: "hash1", invite: nil, now: Date()) == node)
            let other = await refusal {
                _ = try await store.createUser(uid: "U1", nodeKeyHash: "h2", invite: nil, now: Date())
            }
            #expect(other == "AddUser: Uid U1 found, Node h2 missing")
        }
    }

    @Test(arguments: TestStore.all) func addNodeNumbersAndLimit(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("U1")
            for expected in 2...100 {
                #expect(try await store.addNode("U1").number == expected)
            }
            let limit = await refusal {
                _ = try await store.addNode(uid: "U1", nodeKeyHash: "one-more", copyingBacklogOf: 1)
            }
            #expect(limit == "AddNode: Exceeds 100 nodes")
            let exists = await refusal {
                _ = try await store.addNode(uid: "U1", nodeKeyHash: "key-U1-5", copyingBacklogOf: 1)
            }
            #expect(exists == "AddNode: Node key-U1-5 exists")
            let unknown = await refusal {
                _ = try await store.addNode(uid: "NOPE", nodeKeyHash: "k", copyingBacklogOf: 1)
            }
            #expect(unknown == "AddNode: iUid NOPE not found")

            // A defunct node no longer counts toward the limit, but its number is never reused.
            try await store.dropNode(NodeAddress(uid: "U1", number: 7))
            #expect(try await store.verify(uid: "U1", nodeKeyHash: "key-U1-7") == nil)
            let added = try await store.addNode(uid: "U1", nodeKeyHash: "after-drop", copyingBacklogOf: 1)
            #expect(added.number == 101)
            #expect(try await store.nodes(of: ["U1"]).count == 100)
        }
    }

    @Test(arguments: TestStore.all) func lastNodeCannotBeDropped(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let node = try await store.register("U1")
            #expect(await refusal { try await store.dropNode(node) } == "DropNode: cannot drop last node")
        }
    }

    @Test(arguments: TestStore.all) func nodesOfUsersResolveAllOrNothing(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("U1")
            try await store.register("U2")
            _ = try await store.addNode("U2")
            let nodes = try await store.nodes(of: ["U2", "U1", "U2"])
            #expect(nodes.map(\.description) == ["U2.01", "U2.02", "U1.01"])
            let missing = await refusal { _ = try await store.nodes(of: ["U1", "GHOST"]) }
            #expect(missing == "OpenNodes: iUid GHOST not found")
        }
    }

    @Test(arguments: TestStore.all) func nodeListsFollowAddedAndDroppedNodes(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("U1")
            #expect(try await store.nodes(of: ["U1"]).map(\.description) == ["U1.01"])
            let second = try await store.addNode(uid: "U1", nodeKeyHash: "k2", copyingBacklogOf: 1)
            #expect(try await store.nodes(of: ["U1"]).map(\.description) == ["U1.01", "U1.02"])
            try await store.dropNode(NodeAddress(uid: "U1", number: 1))
            #expect(try await store.nodes(of: ["U1"]) == [second])
            #expect(await refusal { _ = try await store.nodes(of: ["U2"]) } == "OpenNodes: iUid U2 not found")
            try await store.register("U2")
            #expect(try await store.nodes(of: ["U2", "U1"]).map(\.description) == ["U2.01", "U1.02"])
        }
    }

    @Test(arguments: TestStore.all) func aliasRules(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("U1", alias: "alice-alias")
            try await store.register("U2", alias: "bob-alias")
            #expect(try await store.lookup(alias: "alice-alias") == "U1")
            #expect(try await store.lookup(alias: "nobody") == nil)
            try await store.addAlias("alice-alias", for: "U1")  // already hers: no change, no error
            try await store.addAlias("alice-second", for: "U1")
            #expect(try await store.aliases(of: "U1") == ["alice-alias", "alice-second"])

            #expect(
                await refusal { try await store.addAlias("bob-alias", for: "U1") }
                    == "AddAlias: alias bob-alias already taken")
            #expect(
                await refusal { try await store.addAlias("bad\u{2028}x", for: "U1") }
                    == "AddAlias: invalid string 'bad\u{2028}x'")
            _ = try await store.groupInvite(gid: "group-one", alias: "bob-alias", byAlias: "alice-alias", byUid: "U1")
            #expect(
                await refusal { try await store.addAlias("group-one", for: "U2") }
                    == "AddAlias: alias group-one not available")
            // A gid may not be an alias either.
            let taken = await refusal {
                _ = try await store.groupInvite(
                    gid: "bob-alias", alias: "bob-alias", byAlias: "alice-alias", byUid: "U1")
            }
            #expect(taken == "GroupInvite: gid bob-alias not available")
        }
    }

    @Test(arguments: TestStore.all) func groupLifecycle(_ kind: TestStore) async throws {
        try await withStore(kind) { store, _ in
            try await registerAliceBobAndCarol(store)
            try await store.addAlias("bob-second", for: "B")

            #expect(
                try await store.groupInvite(gid: "the-group", alias: "bob-alias", byAlias: "alice-alias", byUid: "A")
                    == "B"
            )
            #expect(try await store.groupUsers(gid: "the-group", byUid: "B") == ["A"])  // invited may post, not receive
            // Re-inviting an invited member is fine; only joined members receive.
            #expect(
                try await store.groupInvite(gid: "the-group", alias: "bob-alias", byAlias: "alice-alias", byUid: "A")
                    == "B"
            )
            let notMember = await refusal {
                _ = try await store.groupInvite(
                    gid: "the-group", alias: "alice-alias", byAlias: "carol-alias", byUid: "C")
            }
            #expect(notMember == "GroupInvite: iByUid C not a member")

            let wrongAlias = await refusal {
                _ = try await store.groupJoin(gid: "the-group", uid: "B", newAlias: "alice-alias")
            }
            #expect(wrongAlias == "GroupJoin: iNewAlias alice-alias not for iUid B")
            #expect(try await store.groupJoin(gid: "the-group", uid: "B", newAlias: nil) == "bob-alias")
            #expect(try await store.groupUsers(gid: "the-group", byUid: "A") == ["A", "B"])
            let joined = await refusal {
                _ = try await store.groupInvite(
                    gid: "the-group", alias: "bob-alias", byAlias: "alice-alias", byUid: "A")
            }
            #expect(joined == "GroupInvite: iAlias bob-alias already joined")
            #expect(
                await refusal { _ = try await store.groupJoin(gid: "no-group", uid: "B", newAlias: nil) }
                    == "GroupJoin: iGid no-group not found")
            #expect(
                await refusal { _ = try await store.groupJoin(gid: "the-group", uid: "C", newAlias: nil) }
                    == "GroupJoin: iUid C not invited")

            #expect(try await store.groupAlias(gid: "the-group", uid: "B", newAlias: "bob-second") == "bob-alias")
            #expect(
                await refusal { _ = try await store.groupAlias(gid: "the-group", uid: "B", newAlias: "carol-alias") }
                    == "GroupAlias: iNewAlias carol-alias not for iUid B")
            #expect(
                await refusal { _ = try await store.groupAlias(gid: "the-group", uid: "C", newAlias: "carol-alias") }
                    == "GroupAlias: iUid C not a member")

            // Dropping by the old alias fails; by the recorded one works. Another member is barred.
            #expect(
                await refusal { _ = try await store.groupDrop(gid: "the-group", alias: "bob-alias", byUid: "A") }
                    == "GroupQuit: iAlias bob-alias not a member")
            #expect(try await store.groupDrop(gid: "the-group", alias: "bob-second", byUid: "A") == "B")
            #expect(try await store.groupMembers(gid: "the-group").first { $0.uid == "B" }?.status == .barred)
            let barred = await refusal { _ = try await store.groupUsers(gid: "the-group", byUid: "B") }
            #expect(barred == "GroupGetUsers: iByUid B not a member")
            #expect(
                await refusal { _ = try await store.groupUsers(gid: "nothing", byUid: "A") }
                    == "GroupGetUsers: iGid nothing not found")
            #expect(
                await refusal { _ = try await store.groupJoin(gid: "the-group", uid: "B", newAlias: nil) }
                    == "GroupJoin: iUid B not invited")

            // A barred member is silently re-invited and can rejoin; a self-drop returns to invited.
            #expect(
                try await store.groupInvite(gid: "the-group", alias: "bob-alias", byAlias: "alice-alias", byUid: "A")
                    == "B"
            )
            #expect(try await store.groupJoin(gid: "the-group", uid: "B", newAlias: nil) == "bob-alias")
            #expect(try await store.groupDrop(gid: "the-group", alias: "bob-alias", byUid: "B") == "B")
            #expect(
                try await store.groupMembers(gid: "the-group")
                    == [
                        GroupMembership(uid: "A", alias: "alice-alias", status: .joined),
                        GroupMembership(uid: "B", alias: "bob-alias", status: .invited),
                    ])
            let notJoined = await refusal {
                _ = try await store.groupDrop(gid: "the-group", alias: "alice-alias", byUid: "B")
            }
            #expect(notJoined == "GroupQuit: iByUid B not a member")
        }
    }

    @Test func groupReadsFollowEveryGroupEdit() async throws {
        let (directory, store) = try await storeOfAliceBobAndCarol()
        try await store.addAlias("carol-in-group", for: "C")
        try await store.addAlias("bob-renamed", for: "B")
        let gid = "cached-group"
        _ = try await store.groupInvite(gid: gid, alias: "bob-alias", byAlias: "alice-alias", byUid: "A")
        // Each read below is served from the cache unless the edit before it was forgotten.
        #expect(try await store.groupUsers(gid: gid, byUid: "A") == ["A"])
        _ = try await store.groupJoin(gid: gid, uid: "B", newAlias: nil)
        #expect(try await store.groupUsers(gid: gid, byUid: "A") == ["A", "B"])
        _ = try await store.groupInvite(gid: gid, alias: "carol-alias", byAlias: "alice-alias", byUid: "A")
        #expect(try await store.groupUsers(gid: gid, byUid: "C") == ["A", "B"])
        _ = try await store.groupJoin(gid: gid, uid: "C", newAlias: "carol-in-group")
        #expect(try await store.groupUsers(gid: gid, byUid: "A") == ["A", "B", "C"])
        _ = try await store.groupAlias(gid: gid, uid: "B", newAlias: "bob-renamed")
        #expect(try await store.groupMembers(gid: gid).first { $0.uid == "B" }?.alias == "bob-renamed")
        _ = try await store.groupDrop(gid: gid, alias: "bob-renamed", byUid: "A")
        #expect(try await store.groupUsers(gid: gid, byUid: "A") == ["A", "C"])
        #expect(await refusal { _ = try await store.groupUsers(gid: gid, byUid: "B") } != nil)
        // Reopened, the database holds what the cache said.
        try store.close()
        let reopened = try SQLiteServerStore(directory: directory.path)
        #expect(try await reopened.groupUsers(gid: gid, byUid: "A") == ["A", "C"])
    }

    @Test(arguments: TestStore.all) func aliasLookupFindsAnAliasAddedAfterAMiss(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("A", alias: "alice-alias")
            #expect(try await store.lookup(alias: "alice-alias") == "A")
            #expect(try await store.lookup(alias: "alice-later") == nil)
            try await store.addAlias("alice-later", for: "A")
            #expect(try await store.lookup(alias: "alice-later") == "A")
            #expect(try await store.lookup(alias: "alice-alias") == "A")
        }
    }

    @Test(arguments: TestStore.all) func usersAndStatistics(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A", alias: "alice-alias")
            let b = try await store.register("B")
            let a2 = try await store.addNode("A")
            try await store.enqueue([Delivery(message(10, data: .inline([1, 2, 3])), to: [a, a2, b])])

            let users = try await store.users()
            #expect(users.map(\.uid) == ["A", "B"])
            #expect(users[0].aliases == ["alice-alias"] && users[0].nodeCount == 2 && users[0].queuedCount == 2)
            #expect(users[1].aliases.isEmpty && users[1].nodeCount == 1 && users[1].queuedCount == 1)

            let statistics = try await store.statistics()
            let headerBytes = message(10).header.count
            #expect(
                statistics
                    == StoreStatistics(
                        users: 2, nodes: 3, messages: 1, queuedDeliveries: 3, bytes: Int64(headerBytes + 3)))
        }
    }
}
