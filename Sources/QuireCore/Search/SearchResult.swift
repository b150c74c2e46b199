import Foundation

/// One message matching a search.
public struct SearchHit: Sendable, Hashable {
    public var account: String
    public var threadID: String
    public var msgid: String
    public var fromUID: String
    public var fromAlias: String
    public var posted: String
    public var subject: String
    public var isRead: Bool
}

/// Where the next page of a search starts: after the last hit of this one.
public struct SearchCursor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The message key of the last hit shown; the next page holds older messages only.
    public var key: Int64

    public init(key: Int64) {
        self.key = key
    }

    /// The cursor as text, for a command line to print and take back.
    public var description: String { String(key) }

    public init?(_ text: String) {
        guard let key = Int64(text) else { return nil }
        self.init(key: key)
    }
}

/// A page of search hits, newest first.
public struct SearchPage: Sendable, Hashable {
    public var hits: [SearchHit]
    /// Set when there may be more hits; pass it back to get the next page.
    public var next: SearchCursor?
}
