import Foundation
import NIOConcurrencyHelpers
import QuireTestSupport
import TMTP

/// Posts numbered messages one after another on one link, keeping every one the site acked with a
/// message id: what a durable site must still hold after a backup, a restore or a stop.
final class PostingLoad: Sendable {
    let peer: TestPeer
    let recipient: Addressee
    private let acked = NIOLockedValueBox<[Int: [UInt8]]>([:])

    init(peer: TestPeer, recipient: Addressee) {
        self.peer = peer
        self.recipient = recipient
    }

    /// Messages acked so far, by number.
    var ackedMessages: [Int: [UInt8]] { acked.withLockedValue { $0 } }

    /// Message `n`'s data: every third one large enough to go to a message file rather than the database.
    static func data(_ n: Int) -> [UInt8] {
        let head = Array("load message \(n);".utf8)
        guard n % 3 == 0 else { return head }
        return head + (0..<(100 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) }
    }

    /// Posts `count` messages, stopping quietly at the first that is not acked (the link closed).
    func run(count: Int) async {
        for n in 0..<count {
            let data = Self.data(n)
            do {
                try await peer.send(
                    .post(.init(id: "load\(n)", recipients: [recipient], dataLength: Int64(data.count))), data: data)
                let ack = try await peer.reply(to: "load\(n)")
                guard ack.error == nil, ack.msgID != nil else { return }
                acked.withLockedValue { $0[n] = data }
            } catch {
                return
            }
        }
    }

    /// Receives deliveries on `link`, acking each, until every message in `expected` arrived; checks their data.
    static func drain(_ link: TestPeer, expecting expected: [Int: [UInt8]]) async throws -> Set<Int> {
        var missing = Set(expected.keys)
        var seen = Set<Int>()
        while !missing.isEmpty {
            let frame = try await link.receive("delivery")
            guard let text = String(decoding: frame.data.prefix(30), as: UTF8.self).split(separator: ";").first,
                let n = Int(text.dropFirst("load message ".count))
            else { continue }
            seen.insert(n)
            if expected[n] == frame.data { missing.remove(n) }
        }
        return seen
    }
}
