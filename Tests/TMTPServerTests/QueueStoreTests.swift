import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

@Suite struct QueueStoreTests {
    @Test(arguments: TestStore.all) func editMessagesFirstThenById(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let node = try await store.register("U1")
            // Out of id order within one call (across calls a shared store keeps each node's ids increasing).
            try await store.enqueue([
                Delivery(message(30), to: [node]), Delivery(message(10), to: [node]),
                Delivery(message(20), to: [node]), Delivery(message(35, .edit), to: [node]),
            ])
            try await store.enqueue([Delivery(message(40, .edit), to: [node])])
            #expect(try await store.queuedCount(for: node) == 5)
            let head = try #require(try await store.nextMessage(for: node))
            #expect(head.id == 35 && head.priority == .edit && head.header == message(35).header)
            #expect(try await store.drain(node) == [35, 40, 10, 20, 30])
            #expect(try await store.queuedCount(for: node) == 0)
        }
    }

    @Test(arguments: TestStore.all) func nextMessagesSkipAcksStillCommittingAndKeepToTheBudget(_ kind: TestStore)
        async throws
    {
        try await withStore(kind) { store, directory in
            let node = try await store.register("U1")
            let kilobyte = MessageData.inline([UInt8](repeating: 1, count: 1024))
            try await store.enqueue([
                Delivery(message(10, data: kilobyte), to: [node]), Delivery(message(20), to: [node]),
            ])
            try await store.enqueue([Delivery(message(30, .edit, data: kilobyte), to: [node])])
            func ids(excluding: Set<UInt64>, limit: Int = 8, budget: Int = 1 << 20) async throws -> [UInt64] {
                try await store.nextMessages(for: node, excluding: excluding, limit: limit, byteBudget: budget).messages
                    .map(\.id)
            }
            func whole(excluding: Set<UInt64>, limit: Int = 8, budget: Int = 1 << 20) async throws -> Bool {
                try await store.nextMessages(for: node, excluding: excluding, limit: limit, byteBudget: budget)
                    .isWholeQueue
            }
            #expect(try await whole(excluding: []))
            #expect(try await whole(excluding: [10, 20, 30]))
            #expect(try await !whole(excluding: [], limit: 2))
            #expect(try await !whole(excluding: [], budget: 100))
            #expect(try await whole(excluding: [30], limit: 3))
            #expect(try await ids(excluding: []) == [30, 10, 20])
            #expect(try await ids(excluding: [30]) == [10, 20])
            #expect(try await ids(excluding: [30, 10], limit: 1) == [20])
            #expect(try await ids(excluding: [10, 99]) == [30, 20])
            #expect(try await ids(excluding: [10, 20, 30]).isEmpty)
            #expect(try await ids(excluding: [], limit: 2) == [30, 10])
            #expect(try await ids(excluding: [], budget: 100) == [30])  // the head, even over budget
            #expect(try await ids(excluding: [], budget: 1500) == [30, 10])
        }
    }

    @Test(arguments: TestStore.all) func queuedCountsStopAtTheLimit(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let b = try await store.register("B")
            try await store.enqueue((1...5).map { Delivery(message(UInt64($0)), to: [a]) })
            try await store.enqueue([Delivery(message(6), to: [b])])
            let gone = NodeAddress(uid: "nobody", number: 1)
            #expect(try await store.queuedCounts(for: [a, b, gone], limit: 10) == [5, 1, 0])
            #expect(try await store.queuedCounts(for: [a, b], limit: 3) == [3, 1])
        }
    }

    @Test(arguments: TestStore.all) func enqueueRefusesAFullNodeAndQueuesNothing(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let b = try await store.register("B")
            try await store.enqueue((1...3).map { Delivery(message(UInt64($0)), to: [b]) }, queueQuota: 3)
            await #expect(throws: QueueQuotaExceeded(uid: "B")) {
                try await store.enqueue([Delivery(message(4), to: [a]), Delivery(message(5), to: [b])], queueQuota: 3)
            }
            #expect(try await store.queuedCount(for: a) == 0)
            #expect(try await store.queuedCount(for: b) == 3)
            try await store.enqueue([Delivery(message(6), to: [b])])  // no quota: notices always go
            #expect(try await store.acknowledge(1, for: b))
            #expect(try await store.acknowledge(2, for: b))
            try await store.enqueue([Delivery(message(7), to: [a, b])], queueQuota: 3)
            #expect(try await store.queuedCount(for: b) == 3)
        }
    }

    @Test(arguments: TestStore.all) func aJobAloneInItsCommitRollsBackWhenItThrows(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let ghost = NodeAddress(uid: "A", number: 9)
            // The message row is inserted before the unknown node is found; nothing of it may stay.
            await #expect(throws: StoreError.unknownNode(ghost)) {
                try await store.enqueue([Delivery(message(1), to: [a]), Delivery(message(2), to: [ghost])])
            }
            #expect(try await store.statistics().messages == 0)
            try await store.enqueue([Delivery(message(1), to: [a])])
            #expect(try await store.queuedCount(for: a) == 1)
        }
    }

    @Test(arguments: TestStore.all) func ackRemovesOnlyThatNodesEntry(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let b = try await store.register("B")
            try await store.enqueue([Delivery(message(1, data: .inline([7, 8])), to: [a, b, a])])
            #expect(try await store.queuedCount(for: a) == 1)  // duplicate recipients queue once
            #expect(try await store.acknowledge(99, for: a) == false)  // stale ack
            #expect(try await store.acknowledge(1, for: a))
            #expect(try await store.acknowledge(1, for: a) == false)  // repeated ack
            #expect(try await store.nextMessage(for: a) == nil)
            let forB = try #require(try await store.nextMessage(for: b))
            #expect(forB.data == .inline([7, 8]) && forB.dataLength == 2)
            #expect(try await store.statistics().messages == 1)
            #expect(try await store.acknowledge(1, for: b))
            #expect(try await store.statistics().messages == 0)
        }
    }

    @Test(arguments: TestStore.all) func enqueueIsAllOrNothing(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let ghost = NodeAddress(uid: "A", number: 9)
            await #expect(throws: StoreError.unknownNode(ghost)) {
                try await store.enqueue([Delivery(message(1), to: [a]), Delivery(message(2), to: [a, ghost])])
            }
            #expect(try await store.queuedCount(for: a) == 0)
            try await store.enqueue([Delivery(message(1), to: [a])])
            let b = try await store.register("B")
            await #expect(throws: StoreError.duplicateMessageID(1)) {
                try await store.enqueue([Delivery(message(1), to: [b])])
            }
            await #expect(throws: StoreError.messageIDOutOfRange(1 << 63)) {
                try await store.enqueue([Delivery(message(1 << 63), to: [a])])
            }
            #expect(try await store.queuedCount(for: a) == 1)
        }
    }

    @Test(arguments: TestStore.all) func newNodeStartsWithBacklogOfSourceNode(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let first = try await store.register("U1")
            try await store.enqueue([
                Delivery(message(5), to: [first]), Delivery(message(3, .edit), to: [first]),
                Delivery(message(4), to: [first]),
            ])
            #expect(try await store.acknowledge(3, for: first))
            let second = try await store.addNode("U1")
            #expect(second.number == 2)
            #expect(try await store.queuedCount(for: second) == 2)
            // Each copy is acked separately; the message survives until both nodes acked it.
            #expect(try await store.drain(first) == [4, 5])
            #expect(try await store.statistics().messages == 2)
            #expect(try await store.drain(second) == [4, 5])
            #expect(
                try await store.statistics()
                    == StoreStatistics(users: 1, nodes: 2, messages: 0, queuedDeliveries: 0, bytes: 0))
        }
    }

    @Test(arguments: TestStore.all) func droppedNodeReleasesItsQueue(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let first = try await store.register("U1")
            let second = try await store.addNode("U1")
            try await store.enqueue([Delivery(message(1), to: [first, second]), Delivery(message(2), to: [second])])
            try await store.dropNode(second)
            #expect(try await store.nextMessage(for: second) == nil)
            #expect(try await store.statistics().messages == 1)
            #expect(try await store.drain(first) == [1])
            await #expect(throws: StoreError.unknownNode(second)) {
                try await store.enqueue([Delivery(message(3), to: [second])])
            }
        }
    }

    @Test func queuesUsersAndIdsSurviveReopen() async throws {
        let directory = try TemporaryDirectory()
        var last: UInt64 = 0
        let node: NodeAddress
        do {
            let store = try SQLiteServerStore(directory: directory.path)
            node = try await store.register("U1", alias: "persistent-alias")
            _ = try await store.groupInvite(
                gid: "a-group", alias: "persistent-alias", byAlias: "persistent-alias", byUid: "U1")
            let ids = MessageIDAllocator(store: store, blockSize: 8, clock: { 1_000 })
            for _ in 0..<20 {
                let id = try await ids.next()
                #expect(id > last)
                last = id
                try await store.enqueue([Delivery(message(id), to: [node])])
            }
            #expect(try await store.acknowledge(1_000, for: node))
            try store.close()
        }
        let store = try SQLiteServerStore(directory: directory.path)
        #expect(try await store.verify(uid: "U1", nodeKeyHash: "key-U1-1") == 1)
        #expect(try await store.lookup(alias: "persistent-alias") == "U1")
        #expect(try await store.groupMembers(gid: "a-group").count == 1)
        #expect(try await store.nextMessage(for: node)?.id == 1_001)  // redelivered after restart
        #expect(try await store.queuedCount(for: node) == 19)
        // The clock went back: ids still continue past every id of the previous run.
        let ids = MessageIDAllocator(store: store, blockSize: 8, clock: { 5 })
        let next = try await ids.next()
        #expect(next > last)
        #expect(next == 1_024)  // the persisted ceiling: three blocks of 8 reserved from 1 000
        #expect(try await store.synchronousMode() == 2)
    }

    @Test func groupCommitServesManyConcurrentEnqueues() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        let a = try await store.register("A")
        let b = try await store.register("B")
        let before = store.writeStatistics

        // Hold the writer with one job, so all 500 enqueues wait for the same next commit.
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await store.write { _ in gate.wait() } }
        while store.writeStatistics.commits == before.commits { await Task.yield() }
        let enqueues = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 1...500 as ClosedRange<UInt64> {
                    group.addTask {
                        // Every tenth call fails alone; the others in its commit still land.
                        let recipients = id % 10 == 0 ? [a, NodeAddress(uid: "B", number: 2)] : [a, b]
                        let delivery = Delivery(message(id, data: .inline([UInt8(id % 251)])), to: recipients)
                        do {
                            try await store.enqueue([delivery])
                            #expect(id % 10 != 0)
                        } catch {
                            #expect(error as? StoreError == .unknownNode(NodeAddress(uid: "B", number: 2)))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        while store.committer.waiting < 500 { try await Task.sleep(for: .milliseconds(1)) }
        gate.signal()
        try await blocker.value
        try await enqueues.value

        let after = store.writeStatistics
        #expect(after.jobs - before.jobs == 501)
        #expect(after.commits - before.commits == 2)
        #expect(after.largestBatch == 500)
        let expected = (1...500).filter { $0 % 10 != 0 }.map(UInt64.init)
        try store.close()
        let reopened = try SQLiteServerStore(directory: directory.path)
        #expect(try await reopened.queuedCount(for: a) == 450)
        #expect(try await reopened.drain(b) == expected)
        #expect(try await reopened.drain(a) == expected)
    }

    @Test(arguments: TestStore.all) func droppedNodeIsNotServedFromTheRowCache(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            try await store.register("A")
            let second = try await store.addNode("A")
            // The enqueue and the ack remember the node's row; the drop must make them forget it.
            try await store.enqueue([Delivery(message(1), to: [second])])
            #expect(try await store.drain(second) == [1])
            try await store.dropNode(second)
            await #expect(throws: StoreError.unknownNode(second)) {
                try await store.enqueue([Delivery(message(2), to: [second])])
            }
            #expect(try await store.nextMessage(for: second) == nil)
            #expect(try await store.acknowledge(1, for: second) == false)
            // A node added after the drop gets its own row and queue.
            let third = try await store.addNode(uid: "A", nodeKeyHash: "key-A-3", copyingBacklogOf: 1)
            try await store.enqueue([Delivery(message(3), to: [third])])
            #expect(try await store.drain(third) == [3])
            #expect(try await store.queuedCount(for: second) == 0)
        }
    }

    @Test func failedJobInASharedCommitLeavesNoPartialChanges() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        let a = try await store.register("A")
        // Hold the writer so the next jobs share one commit; the middle one fails after a write.
        let gate = DispatchSemaphore(value: 0)
        let before = store.writeStatistics
        let blocker = Task { try await store.write { _ in gate.wait() } }
        while store.writeStatistics.commits == before.commits { await Task.yield() }
        let first = Task { try await store.enqueue([Delivery(message(1), to: [a])]) }
        while store.committer.waiting < 1 { try await Task.sleep(for: .milliseconds(1)) }
        let failing = Task {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO counter (name, value) VALUES ('partial', 1)")
                throw StoreError.corruptRow("on purpose")
            }
        }
        while store.committer.waiting < 2 { try await Task.sleep(for: .milliseconds(1)) }
        let last = Task { try await store.enqueue([Delivery(message(3), to: [a])]) }
        while store.committer.waiting < 3 { try await Task.sleep(for: .milliseconds(1)) }
        gate.signal()
        try await blocker.value
        let firstCommit = try await first.value
        await #expect(throws: StoreError.corruptRow("on purpose")) { try await failing.value }
        #expect(try await last.value == firstCommit)
        let partial = try await store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counter WHERE name = 'partial'")
        }
        #expect(partial == 0)
        #expect(try await store.drain(a) == [1, 3])
    }

    @Test func readsTellWhichEnqueueCommitsTheySaw() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        let a = try await store.register("A")
        let first = try await store.enqueue([Delivery(message(1), to: [a])])
        let read = try await store.nextMessages(for: a, excluding: [], limit: 16, byteBudget: 1 << 16)
        #expect(read.messages.map(\.id) == [1])
        #expect(first > 0 && read.includesCommitsThrough >= first)
        let second = try await store.enqueue([Delivery(message(2), to: [a])])
        #expect(second > first && second > read.excludesCommitsAfter)
        let again = try await store.nextMessages(for: a, excluding: [], limit: 16, byteBudget: 1 << 16)
        #expect(again.messages.map(\.id) == [1, 2] && again.includesCommitsThrough >= second)
    }

    @Test func groupCommitOffGivesOneCommitPerWrite() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path, options: .init(groupCommit: false))
        let a = try await store.register("A")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 1...20 as ClosedRange<UInt64> {
                group.addTask { try await store.enqueue([Delivery(message(id), to: [a])]) }
            }
            try await group.waitForAll()
        }
        let statistics = store.writeStatistics
        #expect(statistics.commits == statistics.jobs)
        #expect(try await store.drain(a) == Array(1...20))
    }
}
