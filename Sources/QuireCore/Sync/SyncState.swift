/// Where an account's link stands, for screens and `quire` to show.
public enum SyncState: Sendable, Hashable, CustomStringConvertible {
    /// Not running.
    case stopped
    /// Another quire process holds this account's link; queued ops are sent by it.
    case waitingForLock
    case connecting
    /// Logged in: receiving, and sending the outbox.
    case online
    /// The link failed; the next attempt comes after a backoff delay.
    case retrying(reason: String, delaySeconds: Double)
    /// The site refused this device (for example `login failed`): no more attempts until the
    /// user acts, because retrying a rejected node password cannot succeed.
    case rejected(reason: String)

    public var description: String {
        switch self {
        case .stopped: "stopped"
        case .waitingForLock: "waiting: another quire process holds the link"
        case .connecting: "connecting"
        case .online: "online"
        case .retrying(let reason, let delay):
            "offline (\(reason)); retrying in \(Int(delay.rounded(.up))) s"
        case .rejected(let reason): "stopped: \(reason)"
        }
    }
}

/// What an account's sync did, as it happens. Everything here is also in the store; events
/// only say when to look again.
public enum SyncEvent: Sendable, Hashable {
    case state(account: String, SyncState)
    /// A contact went online or offline (`ohi`); presence is kept in memory only.
    case presence(account: String, uid: String, online: Bool)
    /// A post from someone else was stored.
    case newMessage(NewMessageEvent)
    /// An outbox row was acked (`sent`) or refused (`failed`).
    case outbox(account: String, id: String, sent: Bool)
}

/// A newly stored post, for notifications and `quire sync --exec`.
public struct NewMessageEvent: Sendable, Hashable {
    public var account: String
    public var msgid: String
    public var threadID: String
    public var fromUID: String
    public var fromAlias: String
    public var subject: String

    public init(account: String, msgid: String, threadID: String, fromUID: String, fromAlias: String, subject: String) {
        self.account = account
        self.msgid = msgid
        self.threadID = threadID
        self.fromUID = fromUID
        self.fromAlias = fromAlias
        self.subject = subject
    }
}
