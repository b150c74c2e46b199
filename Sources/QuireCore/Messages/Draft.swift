import Foundation

/// An unsent message being written: a new thread or a reply.
public struct Draft: Sendable, Hashable {
    public var id: String
    public var account: String
    /// The thread replied to; nil for a new thread.
    public var threadID: String?
    /// Aliases of contacts and groups.
    public var recipients: [String]
    public var subject: String
    public var body: String
    /// Paths of files to attach.
    public var attachments: [String]
    /// Attachments that are filled-in forms: path to the blank form's FFN (empty when it had none).
    /// They go out as `r:` attachments carrying that FFN, as the reference client sends form replies.
    public var formResults: [String: String]
    /// Blank forms of the library to attach (`family.revision`): each goes as an `f:` attachment
    /// and is shown in the body, as the reference client sends a form.
    public var forms: [String]
    public var updated: Date

    /// A draft with a new id (see `makeID(threadID:)`) unless `id` is given.
    public init(
        id: String? = nil,
        account: String,
        threadID: String? = nil,
        recipients: [String] = [],
        subject: String = "",
        body: String = "",
        attachments: [String] = [],
        formResults: [String: String] = [:],
        forms: [String] = [],
        updated: Date = Date()
    ) {
        self.id = id ?? Draft.makeID(threadID: threadID)
        self.account = account
        self.threadID = threadID
        self.recipients = recipients
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.formResults = formResults
        self.forms = forms
        self.updated = updated
    }

    /// A local id in the reference client's shapes, `_<12 hex>` for a new thread and
    /// `<tid>_<12 hex>` for a reply. The 12 hex digits are random rather than a clock
    /// counter, so two devices of one account do not collide.
    public static func makeID(threadID: String?) -> String {
        let random = UInt64.random(in: 0..<(1 << 48))
        let hex = String(random, radix: 16)
        let padded = String(repeating: "0", count: 12 - hex.count) + hex
        return "\(threadID ?? "")_\(padded)"
    }
}
