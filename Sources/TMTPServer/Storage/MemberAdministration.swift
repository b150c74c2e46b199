import Foundation

/// What an operator does to members beside a running server (`tmtpd user show|suspend|resume|remove|drop-node`),
/// and how that server learns of it.
///
/// Kept apart from ``ServerStore`` so a store offers it on its own terms. Each change is committed
/// together with a numbered ``MemberChange`` row; a running server reads ``memberChanges(after:)``
/// when the store signals a change (PostgreSQL's `NOTIFY`), or every quarter second when it cannot
/// (SQLite), and acts on what it finds (closes links, forgets cached directory rows). The database
/// is the one thing an admin command and the server always share, whoever runs them, so no process
/// id, socket or Unix signal is needed, and a change made while the server was down is simply there
/// at start.
public protocol MemberAdministration: Sendable {
    /// The member named by a uid or by one of its aliases; `nil` when neither exists.
    func member(named uidOrAlias: String) async throws -> MemberRecord?

    /// Stops `uid` logging in until ``resume(uid:)``. Suspending a suspended member changes nothing.
    func suspend(uid: String, now: Date) async throws

    /// Lets a suspended member log in again.
    func resume(uid: String) async throws

    /// Deletes the account, its aliases, group rows, nodes and queues (the site's side of leaving it).
    /// Messages it sent to others stay in their queues.
    func remove(uid: String) async throws

    /// Marks a node defunct (a lost device), as ``ServerStore/dropNode(_:)`` does, and records the change.
    func dropNodeAsAdministrator(_ node: NodeAddress) async throws

    /// The uids that may not log in now.
    func suspendedMembers() async throws -> Set<String>

    /// The changes numbered above `sequence`, oldest first.
    func memberChanges(after sequence: Int64) async throws -> [MemberChange]

    /// The number of the latest change (0 when none), where a newly started server begins watching.
    func latestMemberChange() async throws -> Int64

    /// Signals that another process may have recorded changes, when the store can send them; `nil`
    /// when it cannot, and a running server polls ``memberChanges(after:)``. One caller consumes it.
    func memberChangeSignals() -> AsyncStream<Void>?

    /// Drops whatever this process cached of the directory, after another process changed it, and
    /// frees the queue entries of nodes that became defunct while a cached row still reached them.
    func reloadDirectory() async throws
}

extension MemberAdministration {
    public func memberChangeSignals() -> AsyncStream<Void>? { nil }
}

/// A member as `tmtpd user show` prints it.
public struct MemberRecord: Hashable, Sendable {
    public var uid: String
    public var aliases: [String]
    /// Live node numbers.
    public var nodes: [Int]
    /// Queue entries waiting, summed over the live nodes.
    public var queued: Int
    public var created: Date
    /// When the member was suspended; `nil` when not.
    public var suspended: Date?

    public init(uid: String, aliases: [String], nodes: [Int], queued: Int, created: Date, suspended: Date?) {
        self.uid = uid
        self.aliases = aliases
        self.nodes = nodes
        self.queued = queued
        self.created = created
        self.suspended = suspended
    }
}

/// One administrative change, numbered in commit order.
public struct MemberChange: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case suspend, resume, remove
        case dropNode = "drop-node"
    }

    public var sequence: Int64
    public var kind: Kind
    public var uid: String
    /// The node, for ``Kind/dropNode``.
    public var node: Int?

    public init(sequence: Int64, kind: Kind, uid: String, node: Int? = nil) {
        self.sequence = sequence
        self.kind = kind
        self.uid = uid
        self.node = node
    }
}

/// A member command named nobody.
public struct UnknownMember: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) { self.name = name }

    public var description: String { "no member \(name) (neither a uid nor an alias)" }
}
