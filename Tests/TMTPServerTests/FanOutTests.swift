import QuireTestSupport
import TMTP
import Testing

/// PROTOCOL.md section 5, row by row, against the real server over TLS.
@Suite("Fan-out")
struct FanOutTests {
    @Test(arguments: TestStore.all) func loginNoticeGoesToEveryNodeIncludingThisOne(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-login")
        try await a.peer.send(.userEdit(.init(id: "n", newNode: "second")))
        #expect(try await a.peer.reply(to: "n") == .init(id: "n"))
        let user = try await a.peer.receive("user")
        guard case .user(let notice) = user.header, let second = notice.nodeID else {
            Issue.record("no node password in \(user)")
            return
        }
        let (node2, info) = try await site.login(uid: a.uid, password: second)
        #expect(info.ohi == nil)
        let own = try await node2.receive("user")
        #expect(own.header.std?.id == user.header.std?.id)
        let loginOnNode2 = try await node2.receive("login")
        let loginOnNode1 = try await a.peer.receive("login")
        #expect(loginOnNode1.header.std?.id == loginOnNode2.header.std?.id)
        #expect(loginOnNode1.json.contains(#""node":"tbd""#))
        #expect(loginOnNode1.header.std?.from == a.uid)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func registerRepliesRegisteredAndInfoOnly(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init()))
        _ = try await peer.next(op: "tmtprev")
        try await peer.send(.register(.init(newNode: "n1", newAlias: "short")))
        let registered = try await peer.next()
        guard case .registered(let reply) = registered.header else {
            Issue.record("expected registered, got \(registered)")
            return
        }
        #expect(reply.error == "newalias must be 8+ characters")
        #expect(reply.uid.count == 32)
        #expect(reply.nodeID.count == 40)
        #expect(try await peer.next().json == #"{"info":"login ok","op":"info"}"#)
        try await peer.send(.post(.init(id: "p", recipients: [], dataLength: 1)), data: [0x31])
        #expect(try await peer.reply(to: "p").msgID != nil)
        #expect(peer.pending.isEmpty)
        let taken = try await site.register("taken-alias")
        let second = try await site.connect()
        try await second.send(.tmtpRev(.init()))
        _ = try await second.next(op: "tmtprev")
        try await second.send(.register(.init(newNode: "n1", newAlias: taken.alias)))
        guard case .registered(let refused) = try await second.next(op: "registered").header else { return }
        #expect(refused.error == "AddAlias: alias taken-alias already taken")
        await site.stop()
    }

    @Test(arguments: TestStore.all) func userEditAliasGoesToOwnNodesAndRefusalsComeInTheAck(_ kind: TestStore)
        async throws
    {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-alias")
        let b = try await site.register("bobby-alias")
        try await a.peer.send(.userEdit(.init(id: "u1", newAlias: "alice-second")))
        #expect(try await a.peer.reply(to: "u1") == .init(id: "u1"))
        let notice = try await a.peer.receive("user")
        guard case .user(let user) = notice.header else { return }
        #expect(user.newAlias == "alice-second")
        try await a.peer.send(.userEdit(.init(id: "u2", newAlias: "short")))
        #expect(try await a.peer.reply(to: "u2").error == "newalias must be 8+ characters")
        try await a.peer.send(.userEdit(.init(id: "u3", newAlias: b.alias)))
        #expect(try await a.peer.reply(to: "u3").error == "AddAlias: alias bobby-alias already taken")
        #expect(b.peer.pending.isEmpty)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func newNodeStartsWithThisNodesBacklogAfterItsUserNotice(_ kind: TestStore)
        async throws
    {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-backlog")
        let b = try await site.register("bobby-backlog")
        try await b.peer.send(
            .post(.init(id: "c3", recipients: [a.recipient()], dataLength: 7)), data: Array("pending".utf8))
        _ = try await b.peer.reply(to: "c3")
        let pending = try await a.peer.next(op: "delivery")
        try await a.peer.send(.userEdit(.init(id: "c8", newNode: "second")))
        #expect(try await a.peer.reply(to: "c8") == .init(id: "c8"))
        try await a.peer.ackStored(pending)
        let user = try await a.peer.receive("user")
        guard case .user(let notice) = user.header, let password = notice.nodeID else { return }
        #expect(notice.newNode == "second")
        try await a.peer.send(.quit(.init()))
        _ = try await a.peer.closedMessages()
        let (node2, _) = try await site.login(uid: a.uid, password: password)
        var ops: [String] = []
        for _ in 0..<3 {
            let frame = try await node2.next()
            try await node2.ackStored(frame)
            ops.append(frame.header.op + (frame.data.isEmpty ? "" : ":" + frame.text))
        }
        #expect(ops == ["user", "delivery:pending", "login"])
        await site.stop()
    }

    @Test(arguments: TestStore.all) func ohiTellsListedUsersAndOfflineWhenTheLastLinkCloses(_ kind: TestStore)
        async throws
    {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-ohi1")
        let b = try await site.register("bobby-ohi1")
        let c = try await site.register("carol-ohi1")
        try await a.peer.send(.ohiEdit(.init(id: "o1", uids: [b.uid], kind: .initialize)))
        #expect(try await a.peer.reply(to: "o1") == .init(id: "o1"))
        #expect(try await b.peer.next(op: "ohi").json == #"{"from":"\#(a.uid)","op":"ohi","status":1}"#)

        try await a.peer.send(.ohiEdit(.init(id: "o2", uids: [c.uid], kind: .add)))
        #expect(try await a.peer.reply(to: "o2") == .init(id: "o2"))
        #expect(try await c.peer.next(op: "ohi").json == #"{"from":"\#(a.uid)","op":"ohi","status":1}"#)
        let echo = try await a.peer.receive("ohiedit")
        #expect(echo.json.contains(#""for":[{"Id":"\#(c.uid)","Type":0}]"#))
        #expect(echo.json.contains(#""type":"add""#))

        try await a.peer.send(.ohiEdit(.init(id: "o3", uids: [c.uid], kind: .drop)))
        _ = try await a.peer.reply(to: "o3")
        #expect(try await c.peer.next(op: "ohi").json == #"{"from":"\#(a.uid)","op":"ohi","status":2}"#)
        _ = try await a.peer.receive("ohiedit")

        try await b.peer.send(.quit(.init()))
        _ = try await b.peer.closedMessages()
        let (b2, info) = try await site.login(uid: b.uid, password: b.password)
        #expect(info.ohi == [a.uid])
        _ = try await b2.receive("login")

        try await a.peer.send(.ohiEdit(.init(id: "o4", uids: ["NOPE"], kind: .add)))
        #expect(try await a.peer.reply(to: "o4").error == "OpenNodes: iUid NOPE not found")

        try await a.peer.send(.quit(.init()))
        _ = try await a.peer.closedMessages()
        #expect(try await b2.next(op: "ohi").json == #"{"from":"\#(a.uid)","op":"ohi","status":2}"#)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func groupsInviteJoinPostDropAsTheReference(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-group")
        let b = try await site.register("bobby-group")
        let gid = "grp-test-x"
        try await a.peer.send(
            .groupInvite(.init(id: "c2", gid: gid, from: a.alias, to: b.alias, dataLength: 7)),
            data: Array("join us".utf8))
        let inviteAck = try await a.peer.reply(to: "c2")
        #expect(inviteAck.msgID != nil && inviteAck.posted != nil)
        let member = try await a.peer.receive("member")
        #expect(member.json.contains(#""act":"invite""#) && member.json.contains(#""alias":"bobby-group""#))
        let invite = try await b.peer.receive("invite")
        #expect(invite.header.std?.id == inviteAck.msgID)
        #expect(invite.text == "join us")
        #expect(invite.json.contains(#""alias":"alice-group""#) && invite.json.contains(#""to":"bobby-group""#))

        try await b.peer.send(.groupEdit(.init(id: "j", gid: gid, action: .join(newAlias: nil))))
        #expect(try await b.peer.reply(to: "j") == .init(id: "j"))
        let joinedB = try await b.peer.receive("member")
        let joinedA = try await a.peer.receive("member")
        #expect(joinedA.header.std?.id == joinedB.header.std?.id)
        #expect(joinedA.json.contains(#""act":"join""#))

        try await a.peer.send(
            .post(.init(id: "t3", recipients: [.init(id: gid, kind: .groupExcludingSelf)], dataLength: 2)),
            data: Array("t3".utf8))
        _ = try await a.peer.reply(to: "t3")
        #expect(try await b.peer.receive("delivery").text == "t3")
        try await a.peer.send(
            .post(.init(id: "t2", recipients: [.init(id: gid, kind: .groupIncludingSelf)], dataLength: 2)),
            data: Array("t2".utf8))
        _ = try await a.peer.reply(to: "t2")
        #expect(try await a.peer.receive("delivery").text == "t2")
        #expect(try await b.peer.receive("delivery").text == "t2")

        try await a.peer.send(.groupEdit(.init(id: "d", gid: gid, action: .drop(to: b.alias))))
        #expect(try await a.peer.reply(to: "d") == .init(id: "d"))
        #expect(try await b.peer.receive("member").json.contains(#""act":"drop""#))
        #expect(try await a.peer.receive("member").json.contains(#""act":"drop""#))
        try await b.peer.send(
            .post(.init(id: "barred", recipients: [.init(id: gid, kind: .groupIncludingSelf)], dataLength: 1)),
            data: [0x78])
        #expect(try await b.peer.reply(to: "barred").error == "GroupGetUsers: iByUid \(b.uid) not a member")

        try await a.peer.send(.groupInvite(.init(id: "short", gid: "short", from: a.alias, to: b.alias, dataLength: 0)))
        #expect(try await a.peer.reply(to: "short").error == "gid must be 8+ characters")
        await site.stop()
    }

    @Test(arguments: TestStore.all) func postReachesRecipientsAndOtherOwnNodesButNotTheSendingNode(_ kind: TestStore)
        async throws
    {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-post")
        let b = try await site.register("bobby-post")
        try await a.peer.send(.userEdit(.init(id: "n", newNode: "second")))
        _ = try await a.peer.reply(to: "n")
        guard case .user(let notice) = try await a.peer.receive("user").header, let password = notice.nodeID else {
            return
        }
        let (a2, _) = try await site.login(uid: a.uid, password: password)
        _ = try await a2.receive("user")
        _ = try await a2.receive("login")
        _ = try await a.peer.receive("login")

        let data = Array(#"{"subject":"demo"}body"#.utf8)
        try await a.peer.send(
            .post(
                .init(
                    id: "c2", recipients: [b.recipient()], dataLength: Int64(data.count), dataHead: 18,
                    dataSum: 3843766762)),
            data: data)
        let ack = try await a.peer.reply(to: "c2")
        let delivered = try await b.peer.receive("delivery")
        #expect(delivered.header.std?.id == ack.msgID)
        #expect(delivered.data == data)
        #expect(
            delivered.json.hasPrefix(#"{"datahead":18,"datalen":22,"datasum":3843766762,"from":"\#(a.uid)","headsum":"#)
        )
        #expect(delivered.header.verifyHeadsum())
        #expect(try await a2.receive("delivery").header.std?.id == ack.msgID)

        try await a.peer.send(.post(.init(id: "self", recipients: [a.recipient()], dataLength: 1)), data: [0x73])
        let selfAck = try await a.peer.reply(to: "self")
        #expect(try await a.peer.receive("delivery").header.std?.id == selfAck.msgID)
        #expect(try await a2.receive("delivery").header.std?.id == selfAck.msgID)

        try await a.peer.send(.post(.init(id: "sync", recipients: [], dataLength: 1)), data: [0x79])
        let syncAck = try await a.peer.reply(to: "sync")
        #expect(try await a2.receive("delivery").header.std?.id == syncAck.msgID)

        try await a.peer.send(
            .post(.init(id: "c4", recipients: [.init(id: "NOSUCHUID", kind: .user)], dataLength: 1)), data: [0x78])
        #expect(try await a.peer.reply(to: "c4") == .init(id: "c4", error: "OpenNodes: iUid NOSUCHUID not found"))
        try await a.peer.send(
            .post(.init(id: "g", recipients: [.init(id: "no-such-group", kind: .groupIncludingSelf)], dataLength: 1)),
            data: [0x78])
        #expect(try await a.peer.reply(to: "g").error == "GroupGetUsers: iGid no-such-group not found")

        try await a.peer.send(.pulse(.init()))
        try await a.peer.send(
            .post(.init(id: "last", recipients: [b.recipient()], dataLength: 4)), data: Array("last".utf8))
        _ = try await a.peer.reply(to: "last")
        #expect(try await b.peer.receive("delivery").text == "last")
        #expect(a.peer.pending.isEmpty)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func postNotifySplitsNoteAndPost(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-notify")
        let b = try await site.register("bobby-notify")
        let c = try await site.register("carol-notify")
        try await a.peer.send(
            .postNotify(
                .init(
                    id: "c7", recipients: [b.recipient()], noteRecipients: [c.recipient()], noteLength: 4,
                    dataLength: 12)),
            data: Array("NOTEPOSTDATA".utf8))
        let ack = try await a.peer.reply(to: "c7")
        let delivery = try await b.peer.receive("delivery")
        #expect(delivery.header.std?.id == ack.msgID)
        #expect(delivery.text == "POSTDATA")
        guard case .delivery(let post) = delivery.header else { return }
        #expect(post.notify == 3)
        let note = try await b.peer.receive("notify")
        #expect(note.text == "NOTE")
        guard case .notify(let notify) = note.header else { return }
        #expect(notify.postID == ack.msgID)
        let noteForC = try await c.peer.receive("notify")
        #expect(noteForC.header.std?.id == note.header.std?.id)
        #expect(c.peer.pending.isEmpty)
        #expect(a.peer.pending.isEmpty)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func pingGoesToTheAliasOwnerWithTheAckedId(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let a = try await site.register("alice-ping")
        let b = try await site.register("bobby-ping")
        try await a.peer.send(
            .ping(.init(id: "c1", from: a.alias, to: b.alias, dataLength: 12)), data: Array("hello from A".utf8))
        let ack = try await a.peer.reply(to: "c1")
        let ping = try await b.peer.receive("ping")
        #expect(ping.header.std?.id == ack.msgID)
        #expect(ping.text == "hello from A")
        #expect(ping.json.hasPrefix(#"{"alias":"alice-ping","datalen":12,"from":"\#(a.uid)","headsum":"#))
        try await a.peer.send(
            .ping(.init(id: "c3", from: a.alias, to: "no-such-alias-xyz", dataLength: 1)), data: [0x78])
        #expect(
            try await a.peer.reply(to: "c3") == .init(id: "c3", error: "Lookup: iAlias no-such-alias-xyz not found"))
        try await a.peer.send(.ping(.init(id: "c4", from: b.alias, to: b.alias, dataLength: 1)), data: [0x7A])
        #expect(try await a.peer.reply(to: "c4") == .init(id: "c4", error: "from must identify sender"))
        let euro = Array(String(repeating: "€", count: 140).utf8)
        try await a.peer.send(
            .ping(.init(id: "c5", from: a.alias, to: b.alias, dataLength: Int64(euro.count))), data: euro)
        #expect(try await a.peer.reply(to: "c5").msgID != nil)
        #expect(try await b.peer.receive("ping").data == euro)
        await site.stop()
    }
}
