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
}

/// Which threads to list, and which page.
public struct ThreadQuery: Sendable, Hashable {
    /// Only this account (by name); all accounts when nil.
    public var account: String?
    public var unreadOnly: Bool
    /// Only threads with this private tag or hashtag (case-insensitive).
    public var tag: String?
    public var limit: Int
    public var offset: Int

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
