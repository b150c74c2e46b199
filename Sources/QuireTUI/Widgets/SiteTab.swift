import QuireRender

/// One site in the top bar: its name, unread count and link state.
public struct SiteTab: Sendable, Hashable {
    /// The state of the link to a site's server.
    public enum LinkState: Sendable, Hashable {
        case connecting
        case online
        case offline(reason: TerminalSafeText)
    }

    public var name: TerminalSafeText
    public var unread: Int
    public var link: LinkState

    public init(name: TerminalSafeText, unread: Int, link: LinkState) {
        self.name = name
        self.unread = unread
        self.link = link
    }
}
