import Foundation
import QuireTestSupport
import TMTP
import TMTPServer
import Testing

/// Section 6: per-node durable queues, stop-and-wait, re-sending, backlog order.
@Suite("Delivery")
struct DeliveryTests {
    @Test(arguments: TestStore.all) func backlogArrivesOnLoginInOrderWithEditsFirst(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-order")
        let b = try await site.register("bobby-order")
        try await b.peer.send(.userEdit(.init(id: "n", newNode: "second")))
        _ = try await b.peer.reply(to: "n")
        guard case .user(let notice) = try await b.peer.receive("user").header, let second = notice.nodeID else {
            return
        }
        try await b.peer.send(.quit(.init()))
        _ = try await b.peer.closedMessages()

        for n in 0..<20 {
            let text = Array("message \(n)".utf8)
            try await a.peer.send(
                .post(.init(id: "m\(n)", recipients: [b.recipient()], dataLength: Int64(text.count))), data: text)
            _ = try await a.peer.reply(to: "m\(n)")
        }
        let (b2, _) = try await site.login(uid: b.uid, password: second)
        var opsOnNode2: [String] = []
        while opsOnNode2.last != "login" {
            let frame = try await b2.next()
            try await b2.ackStored(frame)
            opsOnNode2.append(frame.header.op)
        }
        #expect(opsOnNode2 == ["user"] + Array(repeating: "delivery", count: 20) + ["login"])
        try await b2.send(.userEdit(.init(id: "e", newAlias: "bobby-edited")))
        _ = try await b2.reply(to: "e")
        _ = try await b2.receive("user")

        let (b1, _) = try await site.login(uid: b.uid, password: b.password)
        var received: [String] = []
        while received.count < 23 {
            let frame = try await b1.next()
            try await b1.ackStored(frame)
            guard frame.header.std != nil else { continue }
            received.append(frame.header.op == "delivery" ? frame.text : frame.header.op)
        }
        #expect(received.first == "user")
        #expect(Array(received[1...20]) == (0..<20).map { "message \($0)" })
        await site.stop()
    }

    /// A node's first read at login can already hold its own login notice while the ring that
    /// announces it is still on the way; that late ring must not queue the notice a second time, or
    /// the unacked copy holds back everything after it until the ack timeout (the test's patience
    /// is shorter). The race is narrow, so it is run many times.
    @Test(arguments: TestStore.all) func ringArrivingAfterTheReadThatFoundItsMessageDeliversNothingTwice(
        _ kind: TestStore
    ) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-rings")
        for round in 0..<50 {
            try await a.peer.send(.userEdit(.init(id: "n\(round)", newNode: "r\(round)")))
            _ = try await a.peer.reply(to: "n\(round)")
            let added = try await Self.nextStored(a.peer)
            guard case .user(let notice) = added.header, let password = notice.nodeID else {
                Issue.record("round \(round): no node password in \(added)")
                return
            }
            let (node, _) = try await site.login(uid: a.uid, password: password)
            #expect(try await Self.nextStored(node).header.op == "user")
            #expect(try await Self.nextStored(node).header.op == "login")
            #expect(try await Self.nextStored(a.peer).header.op == "login")

            try await a.peer.send(
                .post(.init(id: "p\(round)", recipients: [a.recipient()], dataLength: 1)), data: [0x70])
            let ack = try await a.peer.reply(to: "p\(round)")
            let onSender = try await Self.nextStored(a.peer)
            let onNode = try await Self.nextStored(node)
            #expect(onSender.header.std?.id == ack.msgID, "round \(round): \(onSender.header.op)")
            #expect(onNode.header.std?.id == ack.msgID, "round \(round): \(onNode.header.op)")
            await node.close()
        }
        await site.stop()
    }

    /// The next stored message (one with an id), acked at once; replies are skipped.
    private static func nextStored(_ peer: TestPeer) async throws -> ServerFrame {
        let frame = try await peer.next(where: { $0.header.std != nil }, "stored message")
        try await peer.ackStored(frame)
        return frame
    }

    /// Rings hand their messages to a node whose read-ahead is the whole queue, so a message can reach
    /// it without a read; concurrent posters race those rings against the node's reads. Every post
    /// must arrive exactly once: a second copy would come before the final marker post.
    @Test(arguments: TestStore.all) func concurrentPostersReachALoggedInNodeExactlyOnce(_ kind: TestStore) async throws
    {
        let site = try await TestSite.start(store: kind)
        let target = try await site.register("target-rings")
        var senders: [TestUser] = []
        for n in 0..<3 { senders.append(try await site.register("sender-rings-\(n)")) }
        let posters = senders
        let receiving = Task {
            var ids: [String] = []
            while ids.count < 60 {
                let frame = try await target.peer.next(op: "delivery")
                try await target.peer.ackStored(frame)
                if let id = frame.header.std?.id { ids.append(id) }
            }
            return ids
        }
        let acked = try await withThrowingTaskGroup(of: [String].self) { group in
            for sender in posters {
                group.addTask {
                    var ids: [String] = []
                    for n in 0..<20 {
                        try await sender.peer.send(
                            .post(.init(id: "p\(n)", recipients: [target.recipient()], dataLength: 1)), data: [0x61])
                        if let id = try await sender.peer.reply(to: "p\(n)").msgID { ids.append(id) }
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let delivered = try await receiving.value
        #expect(Set(delivered).count == delivered.count)
        #expect(Set(delivered) == Set(acked))
        try await senders[0].peer.send(
            .post(.init(id: "last", recipients: [target.recipient()], dataLength: 1)), data: [0x7A])
        let marker = try await senders[0].peer.reply(to: "last").msgID
        let next = try await target.peer.next(op: "delivery")
        #expect(next.header.std?.id == marker)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func unackedMessageIsSentAgainAfterTheAckTimeout(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind) { $0.ackTimeout = .milliseconds(300) }
        let a = try await site.register("alice-resend")
        let b = try await site.register("bobby-resend")
        try await a.peer.send(
            .post(.init(id: "c1", recipients: [b.recipient()], dataLength: 11)), data: Array("ack me late".utf8))
        let ack = try await a.peer.reply(to: "c1")
        let first = try await b.peer.next(op: "delivery")
        let again = try await b.peer.next(op: "delivery")
        #expect(first.header.std?.id == ack.msgID)
        #expect(again.json == first.json)
        #expect(again.data == first.data)
        try await b.peer.send(.ack(.init(id: "0000000000000001")))
        try await b.peer.ackStored(again)
        try await a.peer.send(
            .post(.init(id: "c2", recipients: [b.recipient()], dataLength: 4)), data: Array("next".utf8))
        _ = try await a.peer.reply(to: "c2")
        #expect(try await b.peer.next(where: { $0.text == "next" }, "next").header.op == "delivery")
        await site.stop()
    }

    @Test(arguments: TestStore.all) func inFlightMessageComesFirstAfterReconnect(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-reconn")
        let b = try await site.register("bobby-reconn")
        for n in 0..<3 {
            try await a.peer.send(
                .post(.init(id: "c\(n)", recipients: [b.recipient()], dataLength: 1)), data: [UInt8(0x30 + n)])
            _ = try await a.peer.reply(to: "c\(n)")
        }
        let first = try await b.peer.next(op: "delivery")
        #expect(first.text == "0")
        await b.peer.close()
        let (b2, _) = try await site.login(uid: b.uid, password: b.password)
        var texts: [String] = []
        while texts.count < 3 {
            let frame = try await b2.next()
            try await b2.ackStored(frame)
            if frame.header.op == "delivery" { texts.append(frame.text) }
        }
        #expect(texts == ["0", "1", "2"])
        await site.stop()
    }

    @Test(arguments: TestStore.all) func largePostStreamsThroughABlobIntact(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-large")
        let b = try await site.register("bobby-large")
        let data = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try await a.peer.send(
            .post(.init(id: "big", recipients: [b.recipient()], dataLength: Int64(data.count))), data: data)
        let ack = try await a.peer.reply(to: "big")
        let delivered = try await b.peer.receive("delivery")
        #expect(delivered.header.std?.id == ack.msgID)
        #expect(delivered.data.count == data.count)
        #expect(delivered.data == data)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func droppedUploadQueuesNothing(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-drop")
        let b = try await site.register("bobby-drop")
        try await a.peer.sendRaw(
            try ClientMessage.post(.init(id: "cut", recipients: [b.recipient()], dataLength: 1 << 20)).frame()
                + [UInt8](repeating: 0x41, count: 200_000))
        await a.peer.close()
        let tmp = site.directory.path + "/data/blobs/tmp"
        while try !FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty || site.server.linkCount > 1 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await site.store.queuedCount(for: NodeAddress(uid: b.uid, number: 1)) == 0)
        #expect(try site.directory.files(in: "data/blobs/data").isEmpty)
        await site.stop()
    }
}
