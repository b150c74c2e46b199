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
    private func withTwoInstances(
        _ configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (TestSite, TestSite) async throws -> Void
    ) async throws {
        let first = try await TestSite.start(store: .postgres, configure)
        let second: TestSite
        do {
            second = try await TestSite.start(sharing: first, configure)
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
            // Whichever instance committed first, the node got its ids in increasing order.
            let deliveredValues = delivered.compactMap { MessageID($0)?.value }
            #expect(deliveredValues == deliveredValues.sorted())
            #expect(Set(delivered) == Set(perSender.flatMap { $0 }))
            for ids in perSender {
                let values = ids.compactMap { MessageID($0)?.value }
                #expect(values == values.sorted())
                #expect(delivered.filter(Set(ids).contains) == ids)
            }
        }
    }

    /// A post stamped behind what its recipient already got is stamped again, not queued out of order.
    @Test func aPostBehindItsRecipientIsStampedAgain() async throws {
        try await withTwoInstances { a, b in
            let sender = try await a.register("sender-behind")
            let target = try await b.register("target-ahead")
            let store = try #require(a.store as? PostgresServerStore)
            // As if another instance had just committed to the target ids the sender's next stamps precede.
            let ahead = try #require(
                try await store.value(
                    "SELECT last_value + 3 FROM message_id", as: Int64.self))
            try await store.execute("UPDATE node SET last_message = \(ahead) WHERE uid = \(target.uid)")
            try await sender.peer.send(
                .post(.init(id: "late", recipients: [target.recipient()], dataLength: 1)), data: [0x6c])
            let ack = try await sender.peer.reply(to: "late")
            let id = try #require(ack.msgID.flatMap { MessageID($0)?.value })
            #expect(ack.error == nil && id > UInt64(ahead))
            #expect(try await target.peer.receive("delivery").header.std?.id == ack.msgID)
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

    @Test func presenceIsSeenOnEveryInstance() async throws {
        try await withTwoInstances { a, b in
            let watcher = try await b.register("watcher-on-b")
            let contact = try await a.register("contact-on-a")
            // The contact comes online on A, flagging the watcher: the watcher's link on B hears it.
            try await contact.peer.send(.ohiEdit(.init(id: "o1", uids: [watcher.uid], kind: .initialize)))
            #expect(try await contact.peer.reply(to: "o1") == .init(id: "o1"))
            let online = #"{"from":"\#(contact.uid)","op":"ohi","status":1}"#
            #expect(try await watcher.peer.next(op: "ohi").json == online)

            // Logging in again on B, the watcher's info lists the contact online on A.
            try await watcher.peer.send(.quit(.init()))
            _ = try await watcher.peer.closedMessages()
            let (again, info) = try await b.login(uid: watcher.uid, password: watcher.password)
            #expect(info.ohi == [contact.uid])
            _ = try await again.receive("login")

            // A drop, and then the contact's last link closing, reach B as offline.
            let other = try await b.register("other-on-b")
            try await contact.peer.send(.ohiEdit(.init(id: "o2", uids: [other.uid], kind: .add)))
            _ = try await contact.peer.reply(to: "o2")
            #expect(try await other.peer.next(op: "ohi").json.contains(#""status":1"#))
            try await contact.peer.send(.ohiEdit(.init(id: "o3", uids: [other.uid], kind: .drop)))
            _ = try await contact.peer.reply(to: "o3")
            #expect(try await other.peer.next(op: "ohi").json == #"{"from":"\#(contact.uid)","op":"ohi","status":2}"#)
            try await contact.peer.send(.quit(.init()))
            _ = try await contact.peer.closedMessages()
            #expect(try await again.next(op: "ohi").json == #"{"from":"\#(contact.uid)","op":"ohi","status":2}"#)
        }
    }

    /// Logs `user` in on `site`, retrying while the instance it left still lets go of the node.
    private func moveLogin(_ user: TestUser, to site: TestSite) async throws -> TestPeer {
        for _ in 0..<50 {
            let peer = try await site.connect()
            try await peer.send(.tmtpRev(.init()))
            try await peer.send(.login(.init(uid: user.uid, node: user.password)))
            let reply = try await peer.next(where: { $0.header.op == "info" || $0.header.op == "quit" }, "login reply")
            if reply.header.op == "info" { return peer }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await site.login(uid: user.uid, password: user.password).0
    }

    @Test func loginFailureAndDailyPingLimitsHoldAcrossInstances() async throws {
        try await withTwoInstances({
            $0.maxLoginFailuresPerAddress = 3
            $0.dailyPingLimit = 2
        }) { a, b in
            let pinger = try await a.register("pinger-on-a")
            let target = try await b.register("target-on-b")
            try await pinger.peer.send(
                .ping(.init(id: "p1", from: pinger.alias, to: target.alias, dataLength: 2)), data: [0x68, 0x69])
            #expect(try await pinger.peer.reply(to: "p1").error == nil)
            // Moved to B, the pinger has one ping left today, not two.
            try await pinger.peer.send(.quit(.init()))
            _ = try await pinger.peer.closedMessages()
            let moved = try await moveLogin(pinger, to: b)
            try await moved.send(
                .ping(.init(id: "p2", from: pinger.alias, to: target.alias, dataLength: 2)), data: [0x68, 0x69])
            #expect(try await moved.reply(to: "p2").error == nil)
            try await moved.send(
                .ping(.init(id: "p3", from: pinger.alias, to: target.alias, dataLength: 2)), data: [0x68, 0x69])
            #expect(try await moved.reply(to: "p3").error == "daily ping limit of 2 reached")

            // Three wrong keys spread over both instances block the address on both: even the right
            // key is then refused as a failed login (not as a node already connected).
            for n in 0..<3 {
                let peer = try await (n % 2 == 0 ? a : b).connect()
                try await peer.send(.tmtpRev(.init()))
                try await peer.send(.login(.init(uid: target.uid, node: "LB27ML46")))
                #expect(try await peer.closedMessages().last?.json == #"{"error":"login failed","op":"quit"}"#)
            }
            for site in [a, b] {
                let peer = try await site.connect()
                try await peer.send(.tmtpRev(.init()))
                try await peer.send(.login(.init(uid: target.uid, node: target.password)))
                #expect(try await peer.closedMessages().last?.json == #"{"error":"login failed","op":"quit"}"#)
            }
        }
    }

    @Test func anInviteIsUsedUpAcrossInstances() async throws {
        try await withTwoInstances({ $0.registration = .invite }) { a, b in
            let invite = try await a.store.createInvite(uses: 1, expires: nil, now: Date())
            func register(on site: TestSite) async throws -> ServerFrame? {
                let peer = try await site.connect()
                try await peer.send(.tmtpRev(.init()))
                _ = try await peer.next(op: "tmtprev")
                try await peer.send(
                    .register(.init(newNode: InviteRequest.newNode(code: invite.code, label: "phone"), newAlias: "_")))
                return try await peer.next(where: { $0.header.op == "registered" || $0.header.op == "quit" }, "reply")
            }
            #expect(try await register(on: b)?.header.op == "registered")
            #expect(try await register(on: a)?.json == #"{"error":"invite refused","op":"quit"}"#)
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
