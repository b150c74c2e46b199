/// A message as the store holds it, received or sent.
public struct StoredMessage: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case received
        /// Written by this account, on this device or another node of it.
        case sent
    }

    public var account: String
    public var threadID: String
    public var msgid: String
    public var fromUID: String
    public var fromAlias: String
    public var posted: String
    public var subject: String
    public var body: String
    public var dataheadJSON: String?
    public var recipients: [Recipient]
    public var attachments: [AttachmentInfo]
    /// Hashtags found in the body.
    public var hashtags: [String]
    public var state: State
    public var isRead: Bool
    /// Set on a message copied in by a forward (PostNotify): the uid that forwarded it, until its
    /// author confirms the copy (then nil). Ends in `confirmFailed` when the author's copy differs.
    public var forwardedBy: String? = nil

    /// Appended to `forwardedBy` when the author's confirmation did not match the forwarded copy.
    public static let confirmFailed = ", confirm failed"

    /// Whether the forwarded copy is known to differ from what its author sent.
    public var isPossiblyForged: Bool { forwardedBy?.hasSuffix(Self.confirmFailed) ?? false }
}
