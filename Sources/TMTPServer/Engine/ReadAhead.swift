/// Messages committed for one node by one enqueue, as a ring announces them to its ``NodeQueue``.
struct QueueRing: Sendable {
    /// The enqueue's commit number (see ``QueueBatch``); 0 when the store does not number commits.
    var commit: UInt64
    /// The messages as the queue holds them, in any order; `nil` when not all are known (then only
    /// a read can bring them).
    var messages: [QueuedMessage]?
    /// One of them is edit-priority, which goes before everything read ahead.
    var jumpsQueue: Bool
}

/// What a ``NodeQueue`` has read of its node's queue and not yet delivered, in delivery order.
///
/// After a read that returned the whole queue, the read-ahead mirrors the store (less the message in
/// flight and the acks still committing), and a ring's messages can join it without another read,
/// provided the read surely missed their commit. A ring whose commit the read surely saw is ignored:
/// its messages were in the read (a second copy, which the node never acks, would hold back
/// everything after it). Otherwise the read-ahead stops mirroring the store, and the next read
/// brings the ring's messages.
struct ReadAhead {
    private(set) var messages: [QueuedMessage] = []
    /// `messages` holds everything the store queues for the node, less what is in flight or acked.
    private(set) var mirrorsStore = false
    /// The commits the read behind `messages` surely saw (through) and surely missed (after).
    private var readSaw: (through: UInt64, after: UInt64) = (0, .max)

    var isEmpty: Bool { messages.isEmpty }

    /// Replaces the read-ahead with a read's result.
    mutating func adopt(_ batch: QueueBatch) {
        messages = batch.messages
        mirrorsStore = batch.isWholeQueue
        readSaw = (batch.includesCommitsThrough, batch.excludesCommitsAfter)
    }

    /// Takes in a ring that came after the read behind `messages` began.
    mutating func settle(_ ring: QueueRing) {
        if mirrorsStore, ring.commit > 0 {
            if ring.commit <= readSaw.through { return }
            if ring.commit > readSaw.after, let arrivals = ring.messages {
                for message in arrivals { insertInDeliveryOrder(message) }
                return
            }
        }
        mirrorsStore = false
        if ring.jumpsQueue { messages = [] }
    }

    /// The next message to deliver.
    mutating func popFirst() -> QueuedMessage? {
        messages.isEmpty ? nil : messages.removeFirst()
    }

    private mutating func insertInDeliveryOrder(_ message: QueuedMessage) {
        let index = messages.firstIndex { ($0.priority, $0.id) > (message.priority, message.id) } ?? messages.endIndex
        messages.insert(message, at: index)
    }
}
