import QuireCore

/// A named selection of threads: the built-in `All`, `Unread` and `#Todo`, a `#tag`, or a
/// saved search from the config file.
public enum ThreadView: Sendable, Hashable {
    case all
    case unread
    case tag(String)
    case savedSearch(name: String, query: String)

    /// The name the status line and `:view` use.
    public var name: String {
        switch self {
        case .all: "All"
        case .unread: "Unread"
        case .tag(let tag): "#" + tag
        case .savedSearch(let name, _): name
        }
    }

    /// The view called `name`: a built-in one, a `#tag`, or one of `savedSearches`.
    public static func named(_ name: String, savedSearches: [String: String]) -> ThreadView? {
        if let query = savedSearches[name] { return .savedSearch(name: name, query: query) }
        switch name.lowercased() {
        case "all": return .all
        case "unread": return .unread
        default:
            guard name.hasPrefix("#"), name.count > 1 else { return nil }
            return .tag(String(name.dropFirst()))
        }
    }

    /// The store query of a list view (saved searches are searches, not list queries).
    func threadQuery(account: String?) -> ThreadQuery? {
        switch self {
        case .all: ThreadQuery(account: account)
        case .unread: ThreadQuery(account: account, unreadOnly: true)
        case .tag(let tag): ThreadQuery(account: account, tag: tag)
        case .savedSearch: nil
        }
    }
}

/// The order of the thread list. Newest and oldest first page through the store however large
/// the view; the other orders sort in memory, so they are offered for views of up to
/// ``inMemoryLimit`` threads.
public enum ThreadOrder: String, Sendable, Hashable, CaseIterable {
    case date
    case oldest
    case unread
    case subject
    case sender

    /// The largest view sorted in memory.
    public static let inMemoryLimit = 5000

    var isInMemory: Bool { self == .unread || self == .subject || self == .sender }
}
