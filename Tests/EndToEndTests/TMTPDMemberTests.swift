import Foundation
import NIOConcurrencyHelpers
import QuireTestSupport
import TMTP
import Testing

extension EndToEnd {
    /// `tmtpd user show|suspend|resume|remove|drop-node` run beside a live server, which acts on each without
    /// a restart; checked from the clients' side of their links.
    @Suite("tmtpd member commands")
    struct TMTPDMemberTests {
        static func tmtpd(_ arguments: [String]) async throws -> ProcessResult {
            try await ChildProcess.run(try BuiltProducts.executable("tmtpd"), arguments)
        }

        /// Logs a node in on a fresh link; `nil` when the site answers `quit` instead of `info`.
        static func tryLogin(port: Int, uid: String, password: String) async throws -> TestPeer? {
            let peer = try await TestPeer.connect(port: port)
            try await peer.send(.tmtpRev(.init()))
            _ = try await peer.next(op: "tmtprev")
            try await peer.send(.login(.init(uid: uid, node: password)))
            let frame = try await peer.next(where: { ["info", "quit"].contains($0.header.op) }, "info or quit")
            guard frame.header.op == "info" else {
                #expect(frame.json.contains("login failed"))
                await peer.close()
                return nil
            }
            return peer
        }

        static func loginRefused(port: Int, uid: String, password: String) async throws -> Bool {
            guard let peer = try await tryLogin(port: port, uid: uid, password: password) else { return true }
            await peer.close()
            return false
        }

        /// Logs in once the site lets the node (its previous link may still be closing).
        static func loginEventually(port: Int, uid: String, password: String) async throws -> TestPeer {
            let found = NIOLockedValueBox<TestPeer?>(nil)
            try await eventually("\(uid) logs in") {
                let peer = try await Self.tryLoginAllowingBusy(port: port, uid: uid, password: password)
                found.withLockedValue { $0 = peer }
                return peer != nil
            }
            guard let peer = found.withLockedValue({ $0 }) else { throw TestPeer.Closed() }
            return peer
        }

        private static func tryLoginAllowingBusy(port: Int, uid: String, password: String) async throws -> TestPeer? {
            let peer = try await TestPeer.connect(port: port)
            try await peer.send(.tmtpRev(.init()))
            _ = try await peer.next(op: "tmtprev")
            try await peer.send(.login(.init(uid: uid, node: password)))
            let frame = try await peer.next(where: { ["info", "quit"].contains($0.header.op) }, "info or quit")
            if frame.header.op == "info" { return peer }
            await peer.close()
            return nil
        }

        @Test func suspendResumeAndRemoveTakeEffectOnLinks() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let server = try await SiteDaemon.start(dataDirectory: data)
            defer { server.terminate() }
            let alice = try await TestUser.register(port: server.port, alias: "alice-member")
            let bobby = try await TestUser.register(port: server.port, alias: "bobby-member")

            let shown = try await Self.tmtpd(["user", "show", "--data-dir", data, "alice-member"])
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("uid \(alice.uid)") && shown.stdout.contains("suspended no"))

            let suspended = try await Self.tmtpd(["user", "suspend", "--data-dir", data, "alice-member"])
            #expect(suspended.status == 0, "\(suspended.stderr)")
            _ = try await alice.peer.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: alice.uid, password: alice.password))
            #expect(
                try await Self.tmtpd(["user", "show", "--data-dir", data, alice.uid]).stdout.contains("suspended 2"))
            // Messages to a suspended member still queue.
            let text = Array("while away".utf8)
            try await bobby.peer.send(
                .post(.init(id: "p1", recipients: [alice.recipient()], dataLength: Int64(text.count))), data: text)
            #expect(try await bobby.peer.reply(to: "p1").error == nil)

            #expect(try await Self.tmtpd(["user", "resume", "--data-dir", data, "alice-member"]).status == 0)
            let back = try await Self.loginEventually(port: server.port, uid: alice.uid, password: alice.password)
            let delivery = try await back.receive("delivery")
            #expect(delivery.text == "while away")
            await back.close()

            #expect(try await Self.tmtpd(["user", "remove", "--data-dir", data, bobby.uid]).status != 0)
            let removed = try await Self.tmtpd(["user", "remove", "--yes", "--data-dir", data, "bobby-member"])
            #expect(removed.status == 0, "\(removed.stderr)")
            _ = try await bobby.peer.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: bobby.uid, password: bobby.password))
            let gone = try await Self.tmtpd(["user", "show", "--data-dir", data, "bobby-member"])
            #expect(gone.status != 0 && gone.stderr.contains("no member bobby-member"))
            #expect(!(try await Self.tmtpd(["user", "list", "--data-dir", data]).stdout.contains(bobby.uid)))
            // The alias is free again, and the running server knows it.
            let again = try await Self.loginEventually(port: server.port, uid: alice.uid, password: alice.password)
            try await again.send(.userEdit(.init(id: "a", newAlias: "bobby-member")))
            #expect(try await again.reply(to: "a").error == nil)
            await again.close()
        }

        @Test func dropNodeClosesThatNodeOnly() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let server = try await SiteDaemon.start(dataDirectory: data)
            defer { server.terminate() }
            let carol = try await TestUser.register(port: server.port, alias: "carol-member")
            try await carol.peer.send(.userEdit(.init(id: "n", newNode: "phone")))
            _ = try await carol.peer.reply(to: "n")
            guard case .user(let notice) = try await carol.peer.receive("user").header, let phone = notice.nodeID
            else {
                Issue.record("no new node")
                return
            }
            let (phoneLink, _) = try await TestUser.login(port: server.port, uid: carol.uid, password: phone)
            #expect(
                try await Self.tmtpd(["user", "show", "--data-dir", data, "carol-member"]).stdout.contains("nodes 1 2"))

            let dropped = try await Self.tmtpd(["user", "drop-node", "--data-dir", data, "carol-member", "2"])
            #expect(dropped.status == 0, "\(dropped.stderr)")
            _ = try await phoneLink.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: carol.uid, password: phone))
            // Node 1 stays logged in and working.
            #expect(!carol.peer.isClosed)
            try await carol.peer.send(.userEdit(.init(id: "e", newAlias: "carol-still-here")))
            #expect(try await carol.peer.reply(to: "e").error == nil)
            let last = try await Self.tmtpd(["user", "drop-node", "--data-dir", data, carol.uid, "1"])
            #expect(last.status != 0 && last.stderr.contains("cannot drop last node"))
        }
    }
}
