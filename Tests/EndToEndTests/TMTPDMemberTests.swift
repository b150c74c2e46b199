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

        /// A member command on the store of `database` (SQLite in `data` when `nil`).
        static func member(_ arguments: [String], data: String, database: TestDatabase?) async throws -> ProcessResult {
            try await tmtpd(["user"] + arguments + ["--data-dir", data] + CrashTests.storeOption(database))
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

        @Test(arguments: TestStore.all) func suspendResumeAndRemoveTakeEffectOnLinks(_ kind: TestStore) async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let database = kind == .postgres ? try await TestDatabase.create() : nil
            let server = try await SiteDaemon.start(dataDirectory: data, extra: CrashTests.storeOption(database))
            defer { server.terminate() }
            let alice = try await TestUser.register(port: server.port, alias: "alice-member")
            let bobby = try await TestUser.register(port: server.port, alias: "bobby-member")

            let shown = try await Self.member(["show", "alice-member"], data: data, database: database)
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("uid \(alice.uid)") && shown.stdout.contains("suspended no"))

            let suspended = try await Self.member(["suspend", "alice-member"], data: data, database: database)
            #expect(suspended.status == 0, "\(suspended.stderr)")
            _ = try await alice.peer.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: alice.uid, password: alice.password))
            #expect(
                try await Self.member(["show", alice.uid], data: data, database: database).stdout.contains(
                    "suspended 2"))
            // Messages to a suspended member still queue.
            let text = Array("while away".utf8)
            try await bobby.peer.send(
                .post(.init(id: "p1", recipients: [alice.recipient()], dataLength: Int64(text.count))), data: text)
            #expect(try await bobby.peer.reply(to: "p1").error == nil)

            #expect(try await Self.member(["resume", "alice-member"], data: data, database: database).status == 0)
            let back = try await Self.loginEventually(port: server.port, uid: alice.uid, password: alice.password)
            let delivery = try await back.receive("delivery")
            #expect(delivery.text == "while away")
            await back.close()

            #expect(try await Self.member(["remove", bobby.uid], data: data, database: database).status != 0)
            let removed = try await Self.member(["remove", "--yes", "bobby-member"], data: data, database: database)
            #expect(removed.status == 0, "\(removed.stderr)")
            _ = try await bobby.peer.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: bobby.uid, password: bobby.password))
            let gone = try await Self.member(["show", "bobby-member"], data: data, database: database)
            #expect(gone.status != 0 && gone.stderr.contains("no member bobby-member"))
            #expect(!(try await Self.member(["list"], data: data, database: database).stdout.contains(bobby.uid)))
            // The alias is free again, and the running server knows it.
            let again = try await Self.loginEventually(port: server.port, uid: alice.uid, password: alice.password)
            try await again.send(.userEdit(.init(id: "a", newAlias: "bobby-member")))
            #expect(try await again.reply(to: "a").error == nil)
            await again.close()
            server.terminate()
            await database?.drop()
        }

        @Test(arguments: TestStore.all) func dropNodeClosesThatNodeOnly(_ kind: TestStore) async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let database = kind == .postgres ? try await TestDatabase.create() : nil
            let server = try await SiteDaemon.start(dataDirectory: data, extra: CrashTests.storeOption(database))
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
                try await Self.member(["show", "carol-member"], data: data, database: database).stdout.contains(
                    "nodes 1 2"))

            let dropped = try await Self.member(["drop-node", "carol-member", "2"], data: data, database: database)
            #expect(dropped.status == 0, "\(dropped.stderr)")
            _ = try await phoneLink.closedMessages()
            #expect(try await Self.loginRefused(port: server.port, uid: carol.uid, password: phone))
            // Node 1 stays logged in and working.
            #expect(!carol.peer.isClosed)
            try await carol.peer.send(.userEdit(.init(id: "e", newAlias: "carol-still-here")))
            #expect(try await carol.peer.reply(to: "e").error == nil)
            let last = try await Self.member(["drop-node", carol.uid, "1"], data: data, database: database)
            #expect(last.status != 0 && last.stderr.contains("cannot drop last node"))
            server.terminate()
            await database?.drop()
        }

        /// On PostgreSQL, a suspension made beside two running instances closes the member's links
        /// on both, told by the database's notice rather than found by polling.
        @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
        func suspendClosesTheMembersLinksOnEveryInstance() async throws {
            let database = try await TestDatabase.create()
            let first = try TemporaryDirectory()
            let second = try TemporaryDirectory()
            let store = CrashTests.storeOption(database)
            let a = try await SiteDaemon.start(dataDirectory: first.path, name: "shared", extra: store)
            let b = try await SiteDaemon.start(dataDirectory: second.path, name: "shared", extra: store)
            defer {
                a.terminate()
                b.terminate()
            }
            let dana = try await TestUser.register(port: a.port, alias: "dana-member")
            try await dana.peer.send(.userEdit(.init(id: "n", newNode: "phone")))
            _ = try await dana.peer.reply(to: "n")
            guard case .user(let notice) = try await dana.peer.receive("user").header, let phone = notice.nodeID else {
                Issue.record("no new node")
                return
            }
            let (phoneLink, _) = try await TestUser.login(port: b.port, uid: dana.uid, password: phone)

            let suspended = try await Self.member(["suspend", "dana-member"], data: first.path, database: database)
            #expect(suspended.status == 0, "\(suspended.stderr)")
            _ = try await dana.peer.closedMessages()
            _ = try await phoneLink.closedMessages()
            #expect(try await Self.loginRefused(port: b.port, uid: dana.uid, password: dana.password))
            #expect(try await Self.loginRefused(port: a.port, uid: dana.uid, password: phone))

            #expect(try await Self.member(["resume", dana.uid], data: second.path, database: database).status == 0)
            let back = try await Self.loginEventually(port: b.port, uid: dana.uid, password: dana.password)
            // Dropped beside both, the phone node is closed on whichever instance holds it.
            let (phoneAgain, _) = try await TestUser.login(port: a.port, uid: dana.uid, password: phone)
            let dropped = try await Self.member(["drop-node", dana.uid, "2"], data: second.path, database: database)
            #expect(dropped.status == 0, "\(dropped.stderr)")
            _ = try await phoneAgain.closedMessages()
            #expect(!back.isClosed)
            await back.close()
            a.terminate()
            b.terminate()
            await database.drop()
        }
    }
}
