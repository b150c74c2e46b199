import Foundation

/// An outgoing TMTP operation, made durable before any attempt to send it.
///
/// Its `id` is the TMTP `id` sent to the server, so the server's ack routes back to this row.
public struct OutboxItem: Sendable, Hashable {
    /// The TMTP operation the row carries.
    public enum Kind: String, Sendable, Hashable, Codable {
        case post
        case postNotify
        case ping
        case groupInvite
        case groupEdit
        case userEdit
        case ohiEdit
        case nodeSync
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting for (another) attempt.
        case queued
        /// Acked by the server; `msgid` and `posted` are set when the ack carried them.
        case sent
        /// The server answered with an error; `error` says why. Kept for the user to see.
        case failed
    }

    /// Where the op's data bytes come from.
    public enum Payload: Sendable, Hashable {
        case none
        case inline(Data)
        /// A file read at send time (large bodies, attachments).
        case file(path: String)
    }

    public var id: String
    public var account: String
    public var kind: Kind
    /// The op's header JSON, as it will be sent.
    public var headerJSON: String
    public var payload: Payload
    public var state: State
    public var msgid: String?
    public var posted: String?
    public var error: String?
    public var attempts: Int
    public var created: Date
    /// The draft this row sends; deleted when the row is acked.
    public var draftID: String?
    /// For posts: the message to store as sent, under the ack's msgid, when the row is acked.
    public var post: OutgoingPost?

    public init(
        id: String,
        account: String,
        kind: Kind,
        headerJSON: String,
        payload: Payload = .none,
        draftID: String? = nil,
        post: OutgoingPost? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.account = account
        self.kind = kind
        self.headerJSON = headerJSON
        self.payload = payload
        self.state = .queued
        self.msgid = nil
        self.posted = nil
        self.error = nil
        self.attempts = 0
        self.created = created
        self.draftID = draftID
        self.post = post
    }
}

/// The local copy of a post being sent, stored as a `sent` message once the server acks it.
public struct OutgoingPost: Sendable, Hashable, Codable {
    /// The thread replied to; nil for a new thread, whose id becomes the ack's msgid.
    public var threadID: String?
    public var subject: String
    public var body: String
    public var recipients: [Recipient]
    public var attachments: [AttachmentInfo]
    public var dataheadJSON: String?

    public init(
        threadID: String?,
        subject: String,
        body: String,
        recipients: [Recipient],
        attachments: [AttachmentInfo] = [],
        dataheadJSON: String? = nil
    ) {
        self.threadID = threadID
        self.subject = subject
        self.body = body
        self.recipients = recipients
        self.attachments = attachments
        self.dataheadJSON = dataheadJSON
    }
}
