import Foundation
import QuireCore
import TMTP

/// A deterministic stream of plausible messages.
struct SyntheticCorpus {
    private var random: SplitMix64
    private let vocabulary: [String]
    private let cumulativeWeights: [Double]
    private let senders: [String]
    private var clockMillis: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    private var serial: UInt64 = 0x18ec_7482_6c69_0000
    private var recentThreads: [(id: String, subject: String)] = []

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        let syllables = [
            "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gu", "ho", "ji", "be", "zo", "fa",
        ]
        var words: [String] = []
        var generator = SplitMix64(seed: seed ^ 0xA5A5)
        var seen: Set<String> = []
        while words.count < 5000 {
            let length = 2 + Int(generator.next() % 3)
            let word = (0..<length).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined()
            if seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
        var total = 0.0
        cumulativeWeights = (1...words.count).map { rank in
            total += 1.0 / Double(rank)
            return total
        }
        senders = (0..<50).map { "user\($0)" }
    }

    func word(rank: Int) -> String { vocabulary[min(rank, vocabulary.count) - 1] }
    func sender(_ index: Int) -> String { senders[index % senders.count] }

    mutating func nextMessage() -> ReceivedMessage {
        serial += 1
        clockMillis += 1000 + Int64(random.next() % 60_000)
        let msgid = String(serial, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - msgid.count)) + msgid
        let threadID: String?
        let subject: String
        if recentThreads.isEmpty || random.next() % 5 == 0 {
            threadID = nil
            subject = sentence(words: 5)
            recentThreads.append((padded, subject))
            if recentThreads.count > 200 { recentThreads.removeFirst() }
        } else {
            let thread = recentThreads[Int(random.next() % UInt64(recentThreads.count))]
            threadID = thread.id
            subject = thread.subject
        }
        let from = Int(random.next() % UInt64(senders.count))
        let recipients = (0..<2).map { offset in
            Recipient(
                alias: senders[(from + 1 + offset) % senders.count], uid: "UID\((from + 1 + offset) % 50)")
        }
        return ReceivedMessage(
            msgid: padded, fromUID: "UID\(from)", posted: PostedTime.format(millisecondsSince1970: clockMillis),
            alias: senders[from],
            threadID: threadID, subject: subject, recipients: recipients,
            body: sentence(words: 40 + Int(random.next() % 60)))
    }

    private mutating func sentence(words count: Int) -> String {
        (0..<count).map { _ in zipfWord() }.joined(separator: " ")
    }

    private mutating func zipfWord() -> String {
        let target = Double(random.next() % 1_000_000) / 1_000_000 * (cumulativeWeights.last ?? 1)
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }
}
