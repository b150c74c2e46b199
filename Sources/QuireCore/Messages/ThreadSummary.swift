import Foundation

/// One line of a thread list.
public struct ThreadSummary: Sendable, Hashable {
    public var account: String
    /// The msgid of the thread's first message.
    public var id: String
    public var subject: String
    /// The alias of whoever started the thread (the author of its first message held here).
    public var starterAlias: String
    /// When the newest message was posted.
    public var lastActivity: Date
    public var unreadCount: Int
    public var messageCount: Int
    public var hasAttachments: Bool
    public var hasForms: Bool
    /// Private tags set on the thread, sorted.
    public var tags: [String]
    /// Hashtags found in the thread's messages, sorted.
    public var hashtags: [String]

    /// Where the thread stands in the list, newest activity first (to page on from it).
    public var position: ThreadPosition {
        ThreadPosition(
            lastActivity: Int64((lastActivity.timeIntervalSince1970 * 1_000_000).rounded()), id: id)
    }
}

/// A place in the thread list, which is ordered by last activity then id, newest first: a page
/// starting after (or ending before) a place is found on an index, however deep it is.
public struct ThreadPosition: Sendable, Hashable {
    /// Microseconds since 1970, as the store keeps them.
    public var lastActivity: Int64
    public var id: String

    public init(lastActivity: Int64, id: String) {
        self.lastActivity = lastActivity
        self.id = id
    }
}

/// Which threads to list, and which page.
public struct ThreadQuery: Sendable, Hashable {
    /// Only this account (by name); all accounts when nil.
    public var account: String?
    public var unreadOnly: Bool
    /// Only threads with this private tag or hashtag (case-insensitive).
    public var tag: String?
    public var limit: Int
    /// How many rows to skip: from the newest, or from the oldest with ``fromOldest``.
    public var offset: Int
    /// Only threads older than this place (the page after a page ending there).
    public var after: ThreadPosition?
    /// Only threads newer than this place, the nearest ones (the page before a page starting there).
    public var before: ThreadPosition?
    /// Count ``offset`` from the oldest thread: a page near the end is found without walking
    /// past every thread ahead of it. The rows still come newest first.
    public var fromOldest = false

    public init(account: String? = nil, unreadOnly: Bool = false, tag: String? = nil, limit: Int = 50, offset: Int = 0)
    {
        self.account = account
        self.unreadOnly = unreadOnly
        self.tag = tag
        self.limit = limit
        self.offset = offset
    }
}

/// Unread figures of one account, for `quire check` and account lists.
public struct UnreadCount: Sendable, Hashable {
    public var account: String
    public var unreadThreads: Int
    public var unreadMessages: Int

    public init(account: String, unreadThreads: Int, unreadMessages: Int) {
        self.account = account
        self.unreadThreads = unreadThreads
        self.unreadMessages = unreadMessages
    }
}
