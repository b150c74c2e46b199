/// Where a queued message stands in its node's queue: every `edit` message is delivered before any `message`.
///
/// The reference names its queue files `E<id>` for UserEdit notices and `M<id>` for everything else and
/// sorts them by name; the raw values keep that order.
public enum QueuePriority: Int, Sendable, Comparable, CaseIterable {
    /// UserEdit notices (`user` messages), which jump ahead of the backlog.
    case edit = 0
    /// Everything else.
    case message = 1

    public static func < (lhs: QueuePriority, rhs: QueuePriority) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The data that follows a stored message's header.
public enum MessageData: Hashable, Sendable {
    /// No data (`datalen` 0).
    case none
    /// Small data kept in the database row (pings, invites, notices).
    case inline([UInt8])
    /// Data in a finished ``BlobStore`` file; the store takes ownership when the enqueue commits.
    /// A blob belongs to one message (a second message naming it is refused).
    case blob(BlobID)
}

/// A message the site stores once and queues for many nodes.
public struct SiteMessage: Hashable, Sendable {
    /// The server-wide message id; unique, below `1 << 63` (ids derived from the clock reach it in 2262).
    public var id: UInt64
    public var priority: QueuePriority
    /// The header bytes exactly as they go on the wire (the store never parses them).
    public var header: [UInt8]
    public var data: MessageData

    public init(id: UInt64, priority: QueuePriority = .message, header: [UInt8], data: MessageData = .none) {
        self.id = id
        self.priority = priority
        self.header = header
        self.data = data
    }
}

/// One message plus the nodes that must each receive and ack it.
public struct Delivery: Hashable, Sendable {
    public var message: SiteMessage
    public var recipients: [NodeAddress]

    public init(_ message: SiteMessage, to recipients: [NodeAddress]) {
        self.message = message
        self.recipients = recipients
    }
}

/// The head of a node's queue, as handed to the link that sends it.
public struct QueuedMessage: Hashable, Sendable {
    public var id: UInt64
    public var priority: QueuePriority
    public var header: [UInt8]
    public var data: MessageData
    /// Bytes of data that follow the header (inline count or blob file size).
    public var dataLength: Int

    public init(id: UInt64, priority: QueuePriority, header: [UInt8], data: MessageData, dataLength: Int) {
        self.id = id
        self.priority = priority
        self.header = header
        self.data = data
        self.dataLength = dataLength
    }
}
