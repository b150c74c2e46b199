import Foundation
import QuireTestSupport
import TMTP
import TMTPServer
import Testing

/// The limits the reference lacks (PROTOCOL.md section 7) and registration control.
@Suite("Limits")
struct LimitTests {
    @Test func oversizedPostEndsTheLinkBeforeItsData() async throws {
        let site = try await TestSite.start { $0.maxMessageSize = 1000 }
        let a = try await site.register("alice-size")
        try await a.peer.send(.post(.init(id: "p", recipients: [], dataLength: 1001)))
        let frames = try await a.peer.closedMessages()
        #expect(frames.map(\.json) == [#"{"error":"data too long for request type","op":"quit"}"#])
        await site.stop()
    }

    @Test(arguments: TestStore.all) func queueQuotaRefusesPostsToAFullNode(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind) { $0.nodeQueueQuota = 3 }
        let a = try await site.register("alice-quota")
        let b = try await site.register("bobby-quota")
        try await b.peer.send(.quit(.init()))
        _ = try await b.peer.closedMessages()
        for n in 0..<3 {
            try await a.peer.send(.post(.init(id: "q\(n)", recipients: [b.recipient()], dataLength: 1)), data: [0x31])
            #expect(try await a.peer.reply(to: "q\(n)").error == nil)
        }
        try await a.peer.send(.post(.init(id: "full", recipients: [b.recipient()], dataLength: 1)), data: [0x31])
        #expect(try await a.peer.reply(to: "full").error == "queue quota exceeded for \(b.uid)")
        await site.stop()
    }

    @Test(arguments: TestStore.all) func repeatedLoginFailuresBlockTheAddress(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind) { $0.maxLoginFailuresPerAddress = 3 }
        let a = try await site.register("alice-guess")
        for _ in 0..<3 {
            let peer = try await site.connect()
            try await peer.send(.tmtpRev(.init()))
            try await peer.send(.login(.init(uid: a.uid, node: "LB27ML46")))
            #expect(try await peer.closedMessages().last?.json == #"{"error":"login failed","op":"quit"}"#)
        }
        try await a.peer.send(.quit(.init()))
        _ = try await a.peer.closedMessages()
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init()))
        try await peer.send(.login(.init(uid: a.uid, node: a.password)))
        #expect(try await peer.closedMessages().last?.json == #"{"error":"login failed","op":"quit"}"#)
        await site.stop()
    }

    @Test func closedRegistrationIsRefused() async throws {
        let site = try await TestSite.start { $0.registration = .closed }
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init()))
        try await peer.send(.register(.init(newNode: "n", newAlias: "_")))
        #expect(try await peer.closedMessages().last?.json == #"{"error":"registration closed","op":"quit"}"#)
        await site.stop()
    }

    @Test(arguments: TestStore.all) func inviteRegistrationNeedsAUsableCode(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind) { $0.registration = .invite }
        func attempt(_ newNode: String) async throws -> ServerFrame? {
            let peer = try await site.connect()
            try await peer.send(.tmtpRev(.init()))
            _ = try await peer.next(op: "tmtprev")
            try await peer.send(.register(.init(newNode: newNode, newAlias: "_")))
            return try await peer.next(where: { $0.header.op == "registered" || $0.header.op == "quit" }, "reply")
        }
        #expect(try await attempt("laptop")?.json == #"{"error":"registration requires an invite","op":"quit"}"#)
        let invite = try await site.store.createInvite(uses: 1, expires: nil, now: Date())
        #expect(try await attempt(InviteRequest.newNode(code: invite.code, label: "laptop"))?.header.op == "registered")
        #expect(
            try await attempt(InviteRequest.newNode(code: invite.code, label: "laptop"))?.json
                == #"{"error":"invite refused","op":"quit"}"#)
        await site.stop()
    }

    @Test func loginDeadlineClosesSilently() async throws {
        let site = try await TestSite.start { $0.loginTimeout = .seconds(1) }
        let peer = try await site.connect()
        // On a loaded machine the deadline may pass before this is sent or answered; either way no quit is sent.
        try? await peer.send(.tmtpRev(.init()))
        let beforeClose = try await peer.closedMessages().map(\.header.op)
        #expect(beforeClose == [] || beforeClose == ["tmtprev"])
        await site.stop()
    }

    @Test func idleLinkIsClosedAfterTheIdleTimeout() async throws {
        // Long enough that registering on a loaded machine never counts as idling.
        let site = try await TestSite.start { $0.idleTimeout = .milliseconds(1500) }
        let a = try await site.register("alice-idle")
        #expect(try await a.peer.closedMessages().isEmpty)
        await site.stop()
    }

    /// One sweep per event loop checks every link's deadline: each of several idle links, spread over
    /// the loops, is closed, and the site goes on serving.
    @Test func sharedSweepClosesEveryIdleLink() async throws {
        let site = try await TestSite.start { $0.idleTimeout = .milliseconds(1500) }
        var idle: [TestUser] = []
        for index in 0..<4 { idle.append(try await site.register("idle-sweep-\(index)")) }
        for user in idle { #expect(try await user.peer.closedMessages().isEmpty) }
        let fresh = try await site.register("after-sweep")
        try await fresh.peer.send(.post(.init(id: "still", recipients: [], dataLength: 1)), data: [0x31])
        #expect(try await fresh.peer.reply(to: "still").msgID != nil)
        await site.stop()
    }

    /// Hundreds of frames sent without waiting pause the link's reading (its inbox fills) and resume
    /// it as the session catches up; every one is answered, in order.
    @Test func pipelinedOpsPauseAndResumeReading() async throws {
        let site = try await TestSite.start()
        let a = try await site.register("alice-pipeline")
        let count = 128  // four times the inbox's high watermark
        for index in 0..<count {
            try await a.peer.send(.post(.init(id: "p\(index)", recipients: [], dataLength: 1)), data: [0x31])
        }
        for index in 0..<count { #expect(try await a.peer.reply(to: "p\(index)").msgID != nil) }
        await site.stop()
    }

    @Test(arguments: TestStore.all) func silentLinkIsTakenOverByANewLogin(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind) { $0.takeoverAfter = .milliseconds(100) }
        let a = try await site.register("alice-takeover")
        try await Task.sleep(for: .milliseconds(300))
        let (fresh, _) = try await site.login(uid: a.uid, password: a.password)
        _ = try await a.peer.closedMessages()
        _ = try await fresh.receive("login")
        try await fresh.send(.post(.init(id: "p", recipients: [], dataLength: 1)), data: [0x31])
        #expect(try await fresh.reply(to: "p").msgID != nil)
        await site.stop()
    }

    @Test func dailyPingLimit() async throws {
        let site = try await TestSite.start { $0.dailyPingLimit = 1 }
        let a = try await site.register("alice-pings")
        let b = try await site.register("bobby-pings")
        try await a.peer.send(.ping(.init(id: "1", from: a.alias, to: b.alias, dataLength: 1)), data: [0x31])
        #expect(try await a.peer.reply(to: "1").error == nil)
        try await a.peer.send(.ping(.init(id: "2", from: a.alias, to: b.alias, dataLength: 1)), data: [0x32])
        #expect(try await a.peer.reply(to: "2").error == "daily ping limit of 1 reached")
        await site.stop()
    }
}
