import QuireRender

/// One line of the thread list, as the store supplies it. Text fields are already sanitised:
/// they came from the network.
public struct ThreadRow: Sendable, Hashable {
    /// Marks shown in a row's flag column.
    public struct Marks: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Some message of the thread has attachments.
        public static let attachment = Marks(rawValue: 1 << 0)
        /// Some message of the thread carries a form to fill.
        public static let form = Marks(rawValue: 1 << 1)
        /// Marked by the user for a following command.
        public static let marked = Marks(rawValue: 1 << 2)
        /// A draft reply is waiting.
        public static let draft = Marks(rawValue: 1 << 3)
    }

    public var unread: Bool
    public var senderAlias: TerminalSafeText
    public var subject: TerminalSafeText
    /// When the thread last changed, in seconds since 1970 (UTC).
    public var lastActivity: Int64
    public var messageCount: Int
    public var tags: [TerminalSafeText]
    public var marks: Marks

    public init(
        unread: Bool, senderAlias: TerminalSafeText, subject: TerminalSafeText, lastActivity: Int64,
        messageCount: Int, tags: [TerminalSafeText] = [], marks: Marks = []
    ) {
        self.unread = unread
        self.senderAlias = senderAlias
        self.subject = subject
        self.lastActivity = lastActivity
        self.messageCount = messageCount
        self.tags = tags
        self.marks = marks
    }
}

/// Where the thread list gets its rows: the store, a search result, a test.
///
/// Rows are asked for by position and only for the rows on screen, so a source can page
/// through SQLite and keep a small cache; the list never loads every thread.
public protocol ThreadListSource {
    /// How many threads the current view holds.
    var threadCount: Int { get }
    /// The thread at `index`, or nil if it vanished since `threadCount` was read (drawn
    /// blank until the next change event).
    func thread(at index: Int) -> ThreadRow?
}
