import Foundation

/// A member's standing in a group, with the reference's numbering.
public enum MemberStatus: Int, Sendable, Hashable {
    /// Invited: may post to the group, does not receive.
    case invited = 1
    /// Joined: receives the group's messages.
    case joined = 2
    /// Dropped by another member; a new invite brings the member back.
    case barred = 3
}

/// One row of a group: a user, the alias the group knows them by, and their status.
public struct GroupMembership: Hashable, Sendable {
    public var uid: String
    public var alias: String
    public var status: MemberStatus

    public init(uid: String, alias: String, status: MemberStatus) {
        self.uid = uid
        self.alias = alias
        self.status = status
    }
}

/// A user as `tmtpd user list` shows it.
public struct UserSummary: Hashable, Sendable {
    public var uid: String
    public var aliases: [String]
    /// Nodes that can still log in.
    public var nodeCount: Int
    /// Queue entries waiting for an ack, summed over the user's nodes.
    public var queuedCount: Int
    public var created: Date
    /// Who the user signed in as when registering, on a site with OpenID Connect.
    public var signIn: SignInIdentity?

    public init(
        uid: String, aliases: [String], nodeCount: Int, queuedCount: Int, created: Date, signIn: SignInIdentity? = nil
    ) {
        self.uid = uid
        self.aliases = aliases
        self.nodeCount = nodeCount
        self.queuedCount = queuedCount
        self.created = created
        self.signIn = signIn
    }
}

/// The identity an OpenID Connect provider vouched for at Register: its issuer and the subject
/// (the provider's stable id for the person), so the operator can tell who holds an account.
public struct SignInIdentity: Hashable, Sendable {
    public var issuer: String
    public var subject: String

    public init(issuer: String, subject: String) {
        self.issuer = issuer
        self.subject = subject
    }
}

/// Totals for `tmtpd stats`.
public struct StoreStatistics: Hashable, Sendable {
    public var users: Int
    /// Nodes that can still log in.
    public var nodes: Int
    /// Distinct stored messages.
    public var messages: Int
    /// Queue entries: one per (message, node) awaiting an ack.
    public var queuedDeliveries: Int
    /// Header and data bytes of the stored messages, each counted once.
    public var bytes: Int64

    public init(users: Int, nodes: Int, messages: Int, queuedDeliveries: Int, bytes: Int64) {
        self.users = users
        self.nodes = nodes
        self.messages = messages
        self.queuedDeliveries = queuedDeliveries
        self.bytes = bytes
    }
}

/// A registration invite for `--registration invite`.
public struct Invite: Hashable, Sendable {
    public var code: String
    /// Registrations this code still allows.
    public var usesLeft: Int
    /// After this instant the code is refused; `nil` never expires.
    public var expires: Date?
    public var created: Date

    public init(code: String, usesLeft: Int, expires: Date?, created: Date) {
        self.code = code
        self.usesLeft = usesLeft
        self.expires = expires
        self.created = created
    }

    /// Whether a registration at `now` may use this code.
    public func isUsable(at now: Date) -> Bool {
        guard usesLeft > 0 else { return false }
        guard let expires else { return true }
        return now < expires
    }

    /// A fresh code: 20 characters of an unambiguous alphabet (about 100 bits).
    public static func makeCode() -> String {
        let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
