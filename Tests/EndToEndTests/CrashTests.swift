import Foundation
import NIOConcurrencyHelpers
import QuireTestSupport
import TMTP
import Testing

extension EndToEnd {
    /// SIGKILL of the real `tmtpd` while a client posts, several times: every acked post is delivered
    /// exactly as sent; posts in flight at the kill are delivered whole or not at all.
    @Suite("Crash")
    struct CrashTests {
        static let sizes = [100, 70_000, 3_000, 300_000, 1_200]

        /// The payload of post `n`: its number, then bytes derived from it.
        static func payload(_ n: Int) -> [UInt8] {
            let prefix = Array("post \(n):".utf8)
            let size = sizes[n % sizes.count]
            return prefix + (0..<max(0, size - prefix.count)).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ n) }
        }

        static func number(of data: [UInt8]) -> Int? {
            guard let colon = data.firstIndex(of: UInt8(ascii: ":")), data.count > 5 else { return nil }
            return Int(String(decoding: data[5..<colon], as: UTF8.self))
        }

        /// `--store` for a daemon on `database`, none for SQLite.
        static func storeOption(_ database: TestDatabase?) -> [String] {
            database.map { ["--store", $0.url] } ?? []
        }

        @Test(arguments: TestStore.all) func killedServerLosesNoAckedPost(_ kind: TestStore) async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let database = kind == .postgres ? try await TestDatabase.create() : nil
            let store = Self.storeOption(database)
            var server = try await SiteDaemon.start(dataDirectory: data, extra: store)
            let port = server.port
            let sender = try await TestUser.register(port: port, alias: "crash-sender")
            let receiver = try await TestUser.register(port: port, alias: "crash-receiver")
            await receiver.peer.close()
            await sender.peer.close()

            let acked = NIOLockedValueBox<Set<Int>>([])
            var next = 0
            for round in 0..<3 {
                let (peer, _) = try await sender.login(port: server.port)
                let target = 12 + round * 7
                var sentThisRound = 0
                // Post until `target` acks, then keep one more post in flight while the server is killed.
                while sentThisRound < target {
                    let n = next
                    next += 1
                    let bytes = Self.payload(n)
                    try await peer.send(
                        .post(
                            .init(
                                id: "p\(n)", recipients: [Addressee(id: receiver.uid, kind: .user)],
                                dataLength: Int64(bytes.count))),
                        data: bytes)
                    let ack = try await peer.reply(to: "p\(n)")
                    #expect(ack.error == nil)
                    acked.withLockedValue { _ = $0.insert(n) }
                    sentThisRound += 1
                }
                // In flight at the kill: whole posts not yet acked, and one cut off mid-upload.
                for piece in 0...(round + 1) {
                    let n = next
                    next += 1
                    let bytes = Self.payload(n)
                    let sent = piece == round + 1 ? Array(bytes.prefix(bytes.count / 2)) : bytes
                    try? await peer.send(
                        .post(
                            .init(
                                id: "p\(n)", recipients: [Addressee(id: receiver.uid, kind: .user)],
                                dataLength: Int64(bytes.count))),
                        data: sent)
                }
                server.kill()
                await peer.close()
                server = try await SiteDaemon.start(dataDirectory: data, port: port, extra: store)
            }

            let (peer, _) = try await receiver.login(port: server.port)
            let expected = acked.withLockedValue { $0 }
            var seen: [Int: Int] = [:]
            while !expected.isSubset(of: Set(seen.keys)) {
                let frame = try await peer.next()
                try await peer.ackStored(frame)
                guard frame.header.op == "delivery" else { continue }
                let number = try #require(Self.number(of: frame.data))
                #expect(frame.data == Self.payload(number), "post \(number) delivered damaged")
                seen[number, default: 0] += 1
            }
            let duplicates = seen.values.reduce(0) { $0 + $1 - 1 }
            #expect(duplicates == 0, "\(duplicates) duplicate deliveries")
            await peer.close()
            server.terminate()
            await database?.drop()
        }

        /// Every PostgreSQL connection of two instances is cut, as a database restart does: posts fail
        /// or wait meanwhile, then both instances carry on by themselves. The receiver, on the other
        /// instance than the sender, gets every acked post, and its node stays logged in there only.
        @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
        func instancesReconnectAfterTheDatabaseDropsThem() async throws {
            let database = try await TestDatabase.create()
            let first = try TemporaryDirectory()
            let second = try TemporaryDirectory()
            let store = Self.storeOption(database)
            let a = try await SiteDaemon.start(dataDirectory: first.path, name: "shared", extra: store)
            let b = try await SiteDaemon.start(dataDirectory: second.path, name: "shared", extra: store)
            let sender = try await TestUser.register(port: a.port, alias: "restart-sender")
            let receiver = try await TestUser.register(port: b.port, alias: "restart-receiver")
            let to = [Addressee(id: receiver.uid, kind: .user)]

            /// Posts `n` until it is acked: again on the same link after an error ack, on a new one
            /// (logging in again) after the link was cut.
            func post(_ n: Int, on peer: TestPeer) async throws -> TestPeer {
                var peer = peer
                let bytes = Self.payload(n)
                for _ in 0..<100 {
                    do {
                        try await peer.send(
                            .post(.init(id: "p\(n)", recipients: to, dataLength: Int64(bytes.count))), data: bytes)
                        if try await peer.reply(to: "p\(n)").error == nil { return peer }
                    } catch {
                        await peer.close()
                        peer = try await TestPeer.connect(port: a.port)
                        try await peer.send(.tmtpRev(.init()))
                        _ = try await peer.next(op: "tmtprev")
                        try await peer.send(.login(.init(uid: sender.uid, node: sender.password)))
                        _ = try? await peer.next(op: "info")
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                throw CancellationError()
            }
            var peer = try await post(0, on: sender.peer)
            #expect(try await receiver.peer.receive("delivery").data == Self.payload(0))

            try await database.dropConnections()
            for n in 1...5 { peer = try await post(n, on: peer) }
            var received: [Int] = []
            while received.count < 5 {
                let frame = try await receiver.peer.receive("delivery")
                received.append(try #require(Self.number(of: frame.data)))
            }
            #expect(received == [1, 2, 3, 4, 5])

            // The receiver's node is still held by instance B: a login on A is refused.
            let elsewhere = try await TestPeer.connect(port: a.port)
            try await elsewhere.send(.tmtpRev(.init()))
            _ = try await elsewhere.next(op: "tmtprev")
            try await elsewhere.send(.login(.init(uid: receiver.uid, node: receiver.password)))
            #expect(
                try await elsewhere.closedMessages().map(\.json) == [#"{"error":"node already connected","op":"quit"}"#]
            )
            await peer.close()
            await receiver.peer.close()
            a.terminate()
            b.terminate()
            await database.drop()
        }

        /// Two instances on one PostgreSQL database; one is SIGKILLed mid-load. Its clients move to the
        /// other: the sender goes on posting there, the node that was logged in on it gets its backlog
        /// there, and a node logged in on the survivor all along gets every acked post exactly once.
        @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
        func killedInstanceLosesNoAckedPostAndItsClientsMoveOn() async throws {
            let database = try await TestDatabase.create()
            let first = try TemporaryDirectory()
            let second = try TemporaryDirectory()
            let store = Self.storeOption(database)
            let doomed = try await SiteDaemon.start(dataDirectory: first.path, name: "shared", extra: store)
            let survivor = try await SiteDaemon.start(dataDirectory: second.path, name: "shared", extra: store)
            let sender = try await TestUser.register(port: doomed.port, alias: "spread-sender")
            let steady = try await TestUser.register(port: survivor.port, alias: "steady-receiver")
            let moving = try await TestUser.register(port: doomed.port, alias: "moving-receiver")
            let recipients = [Addressee(id: steady.uid, kind: .user), Addressee(id: moving.uid, kind: .user)]

            // The steady receiver reads on the survivor throughout.
            let steadyReading = Task {
                var seen: [Int: Int] = [:]
                var ids = Set<String>()
                while true {
                    let frame = try await steady.peer.next()
                    try await steady.peer.ackStored(frame)
                    guard frame.header.op == "delivery", let id = frame.header.std?.id else { continue }
                    if frame.data == Array("end".utf8) { break }
                    let number = try #require(Self.number(of: frame.data))
                    #expect(frame.data == Self.payload(number), "post \(number) delivered damaged")
                    if ids.insert(id).inserted { seen[number, default: 0] += 1 }
                }
                return seen
            }

            func post(_ n: Int, on peer: TestPeer) async throws -> Bool {
                let bytes = Self.payload(n)
                try await peer.send(
                    .post(.init(id: "p\(n)", recipients: recipients, dataLength: Int64(bytes.count))), data: bytes)
                return try await peer.reply(to: "p\(n)").error == nil
            }
            var acked = Set<Int>()
            for n in 0..<25 {
                if try await post(n, on: sender.peer) { acked.insert(n) }
            }
            // In flight at the kill: a post sent whole but not acked.
            let bytes = Self.payload(25)
            try? await sender.peer.send(
                .post(.init(id: "p25", recipients: recipients, dataLength: Int64(bytes.count))), data: bytes)
            doomed.kill()
            await sender.peer.close()
            await moving.peer.close()

            // The sender logs in on the survivor (its node's lock went with the killed instance).
            let (moved, _) = try await sender.login(port: survivor.port)
            for n in 26..<40 {
                if try await post(n, on: moved) { acked.insert(n) }
            }
            try await moved.send(
                .post(.init(id: "end", recipients: recipients, dataLength: 3)), data: Array("end".utf8))
            #expect(try await moved.reply(to: "end").error == nil)

            let steadySeen = try await steadyReading.value
            #expect(acked.isSubset(of: Set(steadySeen.keys)), "acked posts missing on the survivor's node")
            #expect(steadySeen.values.allSatisfy { $0 == 1 }, "a post reached the steady node twice")

            // The receiver that was on the killed instance gets its whole backlog on the survivor.
            let (backlog, _) = try await moving.login(port: survivor.port)
            var movedSeen = Set<Int>()
            var ended = false
            while !ended {
                let frame = try await backlog.next()
                try await backlog.ackStored(frame)
                guard frame.header.op == "delivery" else { continue }
                if frame.data == Array("end".utf8) {
                    ended = true
                    continue
                }
                let number = try #require(Self.number(of: frame.data))
                #expect(frame.data == Self.payload(number), "post \(number) delivered damaged")
                movedSeen.insert(number)
            }
            #expect(acked.isSubset(of: movedSeen), "acked posts missing from the moved node's backlog")
            await backlog.close()
            await moved.close()
            await steady.peer.close()
            survivor.terminate()
            await database.drop()
        }
    }
}
