import NIOCore
import TMTP
import TMTPTransport

/// Pulls a link's inbound frame steps one message at a time, with its data on demand.
struct FrameReader {
    /// The link ended in the middle of a message's data.
    struct Dropped: Error {}

    /// What ``nextWaitingMessage()`` found.
    enum Next {
        case message(ClientMessage)
        /// No message has arrived yet.
        case idle
        /// The link's input ended.
        case end
    }

    private let inbox: LinkInbox
    private var insideFrame = false

    init(_ inbox: LinkInbox) {
        self.inbox = inbox
    }

    /// The next message header that has already arrived, skipping whatever is left of the previous
    /// message (waiting for that if needed). `.idle` ends the session's task until more arrives.
    mutating func nextWaitingMessage() async throws -> Next {
        if insideFrame { try await skipData() }
        while true {
            switch try inbox.poll() {
            case .step(.head(let message)):
                insideFrame = true
                return .message(message)
            case .step: continue
            case .end: return .end
            case .idle: return .idle
            }
        }
    }

    /// The next chunk of the current message's data; nil once it is complete.
    mutating func nextChunk() async throws -> ByteBuffer? {
        guard insideFrame else { return nil }
        guard let step = try await inbox.next() else { throw Dropped() }
        switch step {
        case .body(let chunk): return chunk
        case .end:
            insideFrame = false
            return nil
        case .head: throw QuitReason.invalidHeader
        }
    }

    /// Reads and drops the rest of the current message's data.
    mutating func skipData() async throws {
        while try await nextChunk() != nil {}
    }

    /// The whole data of the current message, which the caller has checked is small.
    mutating func smallData() async throws -> [UInt8] {
        var data: [UInt8] = []
        while let chunk = try await nextChunk() { data.append(contentsOf: chunk.readableBytesView) }
        return data
    }

    /// Streams the current message's data into `sinks`, each taking its `length` bytes in turn.
    mutating func readData(into sinks: [DataSink]) async throws {
        var index = 0
        var taken: Int64 = 0
        while var chunk = try await nextChunk() {
            while chunk.readableBytes > 0 {
                guard index < sinks.count else { throw QuitReason.invalidHeader }
                let room = sinks[index].length - taken
                let count = Int(min(Int64(chunk.readableBytes), room))
                if let slice = chunk.readSlice(length: count), count > 0 {
                    try await sinks[index].append(slice)
                }
                taken += Int64(count)
                if taken == sinks[index].length {
                    index += 1
                    taken = 0
                }
            }
        }
    }
}
