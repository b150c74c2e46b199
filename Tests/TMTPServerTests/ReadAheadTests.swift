import Testing

@testable import TMTPServer

/// How a node's read-ahead takes in rings that race its reads (commit numbers as in `QueueBatch`).
struct ReadAheadTests {
    private static func queued(_ id: UInt64, _ priority: QueuePriority = .message) -> QueuedMessage {
        QueuedMessage(id: id, priority: priority, header: Array("\(id)".utf8), data: .none, dataLength: 0)
    }

    private static func ring(_ commit: UInt64, _ messages: [QueuedMessage]?) -> QueueRing {
        QueueRing(commit: commit, messages: messages, jumpsQueue: messages?.contains { $0.priority == .edit } ?? false)
    }

    /// A read of the whole queue that saw every commit through 5 and none after 7.
    private static func wholeRead(_ ids: [UInt64]) -> ReadAhead {
        var readAhead = ReadAhead()
        readAhead.adopt(
            QueueBatch(
                messages: ids.map { queued($0) }, isWholeQueue: true, includesCommitsThrough: 5,
                excludesCommitsAfter: 7))
        return readAhead
    }

    @Test func ringTheReadSawAddsNothing() {
        var readAhead = Self.wholeRead([10, 20])
        readAhead.settle(Self.ring(5, [Self.queued(20)]))
        #expect(readAhead.messages.map(\.id) == [10, 20])
        #expect(readAhead.mirrorsStore)
    }

    @Test func ringTheReadMissedJoinsInDeliveryOrder() {
        var readAhead = Self.wholeRead([10, 30])
        readAhead.settle(Self.ring(8, [Self.queued(20)]))
        readAhead.settle(Self.ring(9, [Self.queued(40), Self.queued(5, .edit)]))
        #expect(readAhead.messages.map(\.id) == [5, 10, 20, 30, 40])
        #expect(readAhead.mirrorsStore)
        #expect(readAhead.popFirst()?.id == 5)
    }

    @Test func ringTheReadMayHaveSeenLeavesItToTheNextRead() {
        var readAhead = Self.wholeRead([10])
        readAhead.settle(Self.ring(6, [Self.queued(20)]))
        #expect(readAhead.messages.map(\.id) == [10])
        #expect(!readAhead.mirrorsStore)
        // Once stale, even a surely-missed ring waits for the read.
        readAhead.settle(Self.ring(9, [Self.queued(30)]))
        #expect(readAhead.messages.map(\.id) == [10])
    }

    @Test func uncertainEditRingDropsWhatWasReadAhead() {
        var readAhead = Self.wholeRead([10, 20])
        readAhead.settle(Self.ring(7, [Self.queued(30, .edit)]))
        #expect(readAhead.isEmpty && !readAhead.mirrorsStore)
    }

    @Test func partialReadOrUnknownMessagesOrUnnumberedStoreMeansReadAgain() {
        var partial = ReadAhead()
        partial.adopt(
            QueueBatch(
                messages: [Self.queued(10)], isWholeQueue: false, includesCommitsThrough: 5, excludesCommitsAfter: 7))
        partial.settle(Self.ring(9, [Self.queued(20)]))
        #expect(partial.messages.map(\.id) == [10] && !partial.mirrorsStore)

        var unknown = Self.wholeRead([10])
        unknown.settle(Self.ring(9, nil))
        #expect(unknown.messages.map(\.id) == [10] && !unknown.mirrorsStore)

        var unnumbered = ReadAhead()
        unnumbered.adopt(QueueBatch(messages: [Self.queued(10)], isWholeQueue: true))
        unnumbered.settle(Self.ring(0, [Self.queued(20)]))
        #expect(unnumbered.messages.map(\.id) == [10] && !unnumbered.mirrorsStore)
    }
}
