import Foundation

/// A TMTP group this account belongs to or was invited to.
public struct ContactGroup: Sendable, Hashable {
    public var account: String
    public var gid: String
    /// Our alias within the group.
    public var myAlias: String?
    /// Whether this account created the group.
    public var isOwner: Bool
    public var created: Date

    public init(account: String, gid: String, myAlias: String? = nil, isOwner: Bool = false, created: Date = Date()) {
        self.account = account
        self.gid = gid
        self.myAlias = myAlias
        self.isOwner = isOwner
        self.created = created
    }
}

/// A member of a group, as far as this account has seen.
public struct GroupMember: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case invited
        case joined
    }

    public var account: String
    public var gid: String
    public var alias: String
    public var uid: String?
    public var status: Status

    public init(account: String, gid: String, alias: String, uid: String? = nil, status: Status) {
        self.account = account
        self.gid = gid
        self.alias = alias
        self.uid = uid
        self.status = status
    }
}
