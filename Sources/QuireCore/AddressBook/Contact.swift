import Foundation

/// Someone in an account's address book.
public struct Contact: Sendable, Hashable {
    /// How the contact entered the address book.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// We pinged them.
        case pingSent = "ping-sent"
        /// They pinged us and we accepted.
        case ping
        /// Met through a group invitation.
        case invite
        /// A fellow group member.
        case group
        /// Seen in the Cc of a received thread.
        case cc
        /// Added by hand.
        case manual
    }

    public var account: String
    public var alias: String
    /// Unknown until they answer a ping of ours.
    public var uid: String?
    public var origin: Origin
    /// Messages, pings and presence of a blocked contact are dropped.
    public var blocked: Bool
    public var created: Date

    public init(
        account: String,
        alias: String,
        uid: String? = nil,
        origin: Origin,
        blocked: Bool = false,
        created: Date = Date()
    ) {
        self.account = account
        self.alias = alias
        self.uid = uid
        self.origin = origin
        self.blocked = blocked
        self.created = created
    }
}
