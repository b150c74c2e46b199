import Foundation

/// A blank (`f:`) or filled (`r:`) form attachment as the store holds it, with its message's
/// author, time and place, and its bytes when they are here: what a results table is built from.
public struct FormAttachmentRecord: Sendable, Hashable {
    public var account: String
    public var threadID: String
    public var msgid: String
    public var fromAlias: String
    public var fromUID: String
    public var posted: String
    public var attachment: AttachmentInfo
    /// Nil when the bytes have not arrived (a forwarded copy awaiting its confirmation).
    public var bytes: Data?

    public init(
        account: String, threadID: String, msgid: String, fromAlias: String, fromUID: String, posted: String,
        attachment: AttachmentInfo, bytes: Data?
    ) {
        self.account = account
        self.threadID = threadID
        self.msgid = msgid
        self.fromAlias = fromAlias
        self.fromUID = fromUID
        self.posted = posted
        self.attachment = attachment
        self.bytes = bytes
    }

    /// Whether this form belongs to `family`: its FFN is one of `ffns`, or its name is of that family.
    func belongs(to family: String, ffns: Set<String>) -> Bool {
        if let ffn = attachment.ffn, ffns.contains(ffn) { return true }
        return FormName.family(ofAttachment: attachment.name) == family
    }
}
