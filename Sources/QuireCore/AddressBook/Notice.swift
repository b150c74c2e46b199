import Foundation

/// A received ping or group invitation, waiting to be accepted or ignored; or word that someone
/// forwarded a thread of ours to new members (accepting it only clears it).
public struct Notice: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case ping
        case invite
        /// A `notify`: members were added to a thread we are on.
        case forward
    }

    public enum State: String, Sendable, Hashable, Codable {
        case pending
        case accepted
        case ignored
    }

    /// The store's own id, for `quire accept ID`.
    public var id: Int64
    public var account: String
    public var kind: Kind
    /// The server's message id of the ping or invite.
    public var serverID: String
    public var fromAlias: String
    public var fromUID: String
    /// The group, for invitations.
    public var gid: String?
    /// The note that came with it (plain text); for a forward, who was added.
    public var text: String
    public var posted: String
    public var state: State
    /// The thread, for forwards.
    public var threadID: String?

    public init(
        id: Int64, account: String, kind: Kind, serverID: String, fromAlias: String, fromUID: String,
        gid: String? = nil, text: String, posted: String, state: State, threadID: String? = nil
    ) {
        self.id = id
        self.account = account
        self.kind = kind
        self.serverID = serverID
        self.fromAlias = fromAlias
        self.fromUID = fromUID
        self.gid = gid
        self.text = text
        self.posted = posted
        self.state = state
        self.threadID = threadID
    }
}

/// A ping or invitation as the sync layer hands it to the store.
public struct ReceivedNotice: Sendable, Hashable {
    public var serverID: String
    public var kind: Notice.Kind
    public var fromAlias: String
    public var fromUID: String
    public var gid: String?
    public var text: String
    public var posted: String
    public var threadID: String?

    public init(
        serverID: String,
        kind: Notice.Kind,
        fromAlias: String,
        fromUID: String,
        gid: String? = nil,
        text: String,
        posted: String,
        threadID: String? = nil
    ) {
        self.serverID = serverID
        self.kind = kind
        self.fromAlias = fromAlias
        self.fromUID = fromUID
        self.gid = gid
        self.text = text
        self.posted = posted
        self.threadID = threadID
    }
}
