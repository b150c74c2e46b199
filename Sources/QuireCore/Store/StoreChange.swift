/// What a committed write changed, for screens to refresh what they show.
public struct StoreChange: Sendable, Hashable {
    public enum Area: String, Sendable, Hashable {
        case accounts
        case threads
        case drafts
        case outbox
        case tags
        case contacts
        case groups
        case notices
    }

    public var area: Area
    /// The account's name; nil when the change is not tied to one.
    public var account: String?
    /// The thread, when the change concerns one (messages, read state, tags).
    public var thread: String?

    public init(area: Area, account: String? = nil, thread: String? = nil) {
        self.area = area
        self.account = account
        self.thread = thread
    }
}
