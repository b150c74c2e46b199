/// A Cc entry of a message: a contact (by alias and uid) or a group.
public struct Recipient: Sendable, Hashable, Codable {
    public var alias: String
    /// The contact's uid, or the gid for a group.
    public var uid: String?
    public var isGroup: Bool

    public init(alias: String, uid: String? = nil, isGroup: Bool = false) {
        self.alias = alias
        self.uid = uid
        self.isGroup = isGroup
    }
}
