/// A delivered post, as the sync layer hands it to the store: plain values taken from the
/// TMTP header (`id`, `from`, `posted`), the datahead and the data.
public struct ReceivedMessage: Sendable, Hashable {
    /// The server's message id (`id` of the delivery): 16 hex digits, also the de-dup key.
    public var msgid: String
    public var fromUID: String
    /// The server's `posted` time, for example `2026-11-29T07:49:47.676Z`.
    public var posted: String
    /// Datahead `alias`: the sender's alias as the sender wrote it.
    public var alias: String?
    /// Datahead `threadid`; nil or empty for the first message of a thread.
    public var threadID: String?
    public var subject: String
    public var recipients: [Recipient]
    public var attachments: [AttachmentInfo]
    /// The datahead exactly as received, kept for replay and interop checks.
    public var dataheadJSON: String?
    /// The markdown body (the data before any attachment bytes).
    public var body: String
    /// The uid that forwarded this copy (PostNotify), or nil for a message its author sent us.
    public var forwardedBy: String?

    public init(
        msgid: String,
        fromUID: String,
        posted: String,
        alias: String? = nil,
        threadID: String? = nil,
        subject: String = "",
        recipients: [Recipient] = [],
        attachments: [AttachmentInfo] = [],
        dataheadJSON: String? = nil,
        body: String,
        forwardedBy: String? = nil
    ) {
        self.msgid = msgid
        self.fromUID = fromUID
        self.posted = posted
        self.alias = alias
        self.threadID = threadID
        self.subject = subject
        self.recipients = recipients
        self.attachments = attachments
        self.dataheadJSON = dataheadJSON
        self.body = body
        self.forwardedBy = forwardedBy
    }

    /// The thread this message belongs to: its `threadid`, or itself when it starts a thread.
    public var effectiveThreadID: String {
        if let threadID, !threadID.isEmpty { return threadID }
        return msgid
    }
}

/// What the store did with a received server message.
public enum ReceiveOutcome: Sendable, Hashable {
    /// Newly stored.
    case stored
    /// Already stored earlier (a re-delivery); nothing changed. Ack it again.
    case duplicate
    /// The sender is blocked: nothing stored, the id recorded so it stays dropped. Ack it.
    case blocked

    /// Whether anything new was written.
    public var isNew: Bool { self == .stored }
}

/// What storing a delivered post did, and the alias it was stored under when it was new.
public struct StoredDelivery: Sendable, Hashable {
    public var outcome: ReceiveOutcome
    /// The sender as the address book (else the post) names them; nil unless newly stored.
    public var fromAlias: String?
}
