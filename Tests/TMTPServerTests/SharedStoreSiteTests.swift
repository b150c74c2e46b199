import Foundation
import QuireTestSupport
import TMTP
import Testing

@testable import TMTPServer

/// Two sites in this process on one PostgreSQL database, as two tmtpd instances behind a load
/// balancer: clients spread over them see one site.
@Suite(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
struct SharedStoreSiteTests {
    /// Two instances on a fresh database, stopped (and the database dropped) after `body`.
    private func withTwoInstances(_ body: (TestSite, TestSite) async throws -> Void) async throws {
        let first = try await TestSite.start(store: .postgres)
        let second: TestSite
        do {
            second = try await TestSite.start(sharing: first)
        } catch {
            await first.stop()
            await first.database?.drop()
            throw error
        }
        do {
            try await body(first, second)
        } catch {
            await second.stop()
            await first.stop()
            await first.database?.drop()
            throw error
        }
        await second.stop()
        await first.stop()
        await first.database?.drop()
    }

    @Test func postsReachNodesLoggedInOnTheOtherInstanceExactlyOnce() async throws {
        try await withTwoInstances { a, b in
            let target = try await b.register("target-on-b")
            var senders: [TestUser] = []
            for n in 0..<4 { senders.append(try await (n % 2 == 0 ? a : b).register("sender-\(n)-spread")) }
            let posters = senders
            let receiving = Task {
                var ids: [String] = []
                while ids.count < 40 {
                    let frame = try await target.peer.next(op: "delivery")
                    try await target.peer.ackStored(frame)
                    if let id = frame.header.std?.id { ids.append(id) }
                }
                return ids
            }
            // Each sender's posts reach the node in the order, and with the increasing ids, they were acked.
            let perSender = try await withThrowingTaskGroup(of: [String].self) { group in
                for sender in posters {
                    group.addTask {
                        var ids: [String] = []
                        for n in 0..<10 {
                            try await sender.peer.send(
                                .post(.init(id: "p\(n)", recipients: [target.recipient()], dataLength: 1)),
                                data: [0x61])
                            if let id = try await sender.peer.reply(to: "p\(n)").msgID { ids.append(id) }
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let delivered = try await receiving.value
            #expect(Set(delivered).count == delivered.count)
            #expect(Set(delivered) == Set(perSender.flatMap { $0 }))
            for ids in perSender {
                let values = ids.compactMap { MessageID($0)?.value }
                #expect(values == values.sorted())
                #expect(delivered.filter(Set(ids).contains) == ids)
            }
        }
    }

    @Test func aNodeIsLoggedInOnOneInstanceAtATime() async throws {
        try await withTwoInstances { a, b in
            let user = try await a.register("only-once-user")
            let elsewhere = try await b.connect()
            try await elsewhere.send(.tmtpRev(.init()))
            _ = try await elsewhere.next(op: "tmtprev")
            try await elsewhere.send(.login(.init(uid: user.uid, node: user.password)))
            #expect(
                try await elsewhere.closedMessages().map(\.json) == [#"{"error":"node already connected","op":"quit"}"#]
            )
            // Once the first link has gone (its instance lets go just after closing it), the node
            // logs in on the other instance.
            try await user.peer.send(.quit(.init()))
            _ = try await user.peer.closedMessages()
            var login: TestPeer?
            for _ in 0..<50 where login == nil {
                login = try? await b.login(uid: user.uid, password: user.password).0
                if login == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let moved = try #require(login)
            try await moved.send(.post(.init(id: "here", recipients: [], dataLength: 1)), data: [0x31])
            #expect(try await moved.reply(to: "here").msgID != nil)
        }
    }

    @Test func groupChangesOnOneInstanceHoldOnTheOther() async throws {
        try await withTwoInstances { site, other in
            let a = try await site.register("owner-on-a")
            let b = try await other.register("member-on-b")
            let gid = "shared-group"
            try await a.peer.send(
                .groupInvite(.init(id: "c2", gid: gid, from: a.alias, to: b.alias, dataLength: 7)),
                data: Array("join us".utf8))
            let inviteAck = try await a.peer.reply(to: "c2")
            #expect(try await a.peer.receive("member").json.contains(#""act":"invite""#))
            #expect(try await b.peer.receive("invite").header.std?.id == inviteAck.msgID)
            try await b.peer.send(.groupEdit(.init(id: "j", gid: gid, action: .join(newAlias: nil))))
            #expect(try await b.peer.reply(to: "j") == .init(id: "j"))
            let joinedB = try await b.peer.receive("member")
            let joinedA = try await a.peer.receive("member")
            #expect(joinedA.header.std?.id == joinedB.header.std?.id && joinedA.json.contains(#""act":"join""#))
            // The owner's post on instance A reaches the member joined through B.
            try await a.peer.send(
                .post(.init(id: "t2", recipients: [.init(id: gid, kind: .groupIncludingSelf)], dataLength: 2)),
                data: Array("t2".utf8))
            _ = try await a.peer.reply(to: "t2")
            #expect(try await b.peer.receive("delivery").text == "t2")
            // Dropped on A, the member is refused on B at once.
            try await a.peer.send(.groupEdit(.init(id: "d", gid: gid, action: .drop(to: b.alias))))
            #expect(try await a.peer.reply(to: "d") == .init(id: "d"))
            try await b.peer.send(
                .post(.init(id: "barred", recipients: [.init(id: gid, kind: .groupIncludingSelf)], dataLength: 1)),
                data: [0x78])
            #expect(try await b.peer.reply(to: "barred").error == "GroupGetUsers: iByUid \(b.uid) not a member")
        }
    }
}
