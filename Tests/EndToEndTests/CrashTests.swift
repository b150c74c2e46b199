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

        @Test func killedServerLosesNoAckedPost() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            var server = try await SiteDaemon.start(dataDirectory: data)
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
                server = try await SiteDaemon.start(dataDirectory: data, port: port)
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
        }
    }
}
