/// A presence change another process sharing the store made, from ``ServerStore/presenceNotices()``:
/// `user` flagged `uids` on (online) or off, so this process tells those uids' live links.
public struct PresenceNotice: Hashable, Sendable {
    public var user: String
    public var online: Bool
    public var uids: [String]

    public init(user: String, online: Bool, uids: [String]) {
        self.user = user
        self.online = online
        self.uids = uids
    }
}
