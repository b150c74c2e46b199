import Foundation

/// Everything the server keeps across restarts: the directory (users, nodes, aliases, groups), the
/// per-node message queues, the message-id high-water mark and registration invites.
///
/// This is the only storage interface the protocol and queue logic see; SQLite backs it on one
/// machine (``SQLiteServerStore``), PostgreSQL for several instances sharing one database
/// (``PostgresServerStore``). It speaks in opaque values (uids, node-key
/// hashes, aliases, gids, header bytes) and never parses a TMTP message.
///
/// ## What "committed" means
/// Every mutating method returns only after its changes are **committed**: written and flushed to
/// stable storage (fsync), so they survive the process being killed at any instant and a power
/// loss on a disk that honours flushes. A method that throws changed nothing. Several concurrent
/// calls may share one commit (group commit); each caller still resumes only after that commit.
/// Reads observe every commit that finished before the read started.
///
/// ## Queues
/// Each node has one queue. ``nextMessage(for:)`` returns its head: every ``QueuePriority/edit``
/// entry before any ``QueuePriority/message`` entry, and by ascending message id within a priority.
/// A message stays queued until that node acknowledges it, so after a restart the same head comes
/// back (delivery is at-least-once; clients de-duplicate by id). A message enqueued for many nodes
/// is stored once; its data is freed when the last of those nodes acknowledges it.
///
/// ## Errors
/// Directory refusals throw ``DirectoryError`` whose `message` is the reference server's text for
/// `ack.error`. Anything else (I/O, a corrupt database) is an operational failure.
public protocol ServerStore: Sendable {
    // MARK: Users and nodes

    /// Creates a user with node 1, whose login key hash is `nodeKeyHash`, returning that node.
    ///
    /// Repeating the call with the same key succeeds again (the reference's retry rule); another key
    /// for an existing uid throws. With `invite`, one use of that code is consumed in the same
    /// transaction, and an unusable code throws ``StoreError/inviteRefused`` and creates nothing.
    /// `signIn` is the provider identity the user registered with, kept with the account.
    func createUser(uid: String, nodeKeyHash: String, invite: String?, signIn: SignInIdentity?, now: Date)
        async throws -> NodeAddress

    /// The number of the live node of `uid` whose key hash is `nodeKeyHash`; `nil` for an unknown
    /// user, an unknown key or a defunct node.
    func verify(uid: String, nodeKeyHash: String) async throws -> Int?

    /// Adds a node (numbered one past every node the user ever had) and, in the same transaction,
    /// queues for it every message still queued for `source`, so it starts with that node's backlog.
    ///
    /// Throws `AddNode: Exceeds 100 nodes` when the user already has 100 live nodes.
    func addNode(uid: String, nodeKeyHash: String, copyingBacklogOf source: Int) async throws -> NodeAddress

    /// Marks a node defunct: it can no longer log in, receives nothing, and its queue is dropped.
    func dropNode(_ node: NodeAddress) async throws

    /// The live nodes of each uid, in the order of `uids` then by node number.
    ///
    /// Throws `OpenNodes: iUid X not found` for the first unknown uid, so a fan-out resolves
    /// entirely or not at all.
    func nodes(of uids: [String]) async throws -> [NodeAddress]

    /// Whether a user exists.
    func userExists(_ uid: String) async throws -> Bool

    /// Every user, by uid, for `tmtpd user list`.
    func users() async throws -> [UserSummary]

    /// Totals for `tmtpd stats`.
    func statistics() async throws -> StoreStatistics

    /// The server processes running on this store, when several can share it (empty otherwise).
    func instances() async throws -> [InstanceSummary]

    // MARK: Aliases and groups

    /// Gives `uid` the alias (AddAlias: printable; not another user's; not a gid). Adding an alias
    /// the user already holds succeeds without change.
    func addAlias(_ alias: String, for uid: String) async throws

    /// The uid holding `alias`, or `nil`.
    func lookup(alias: String) async throws -> String?

    /// The aliases of `uid`, oldest first.
    func aliases(of uid: String) async throws -> [String]

    /// GroupInvite: `byUid`, calling itself `byAlias`, invites the holder of `alias` to `gid`,
    /// creating the group (with `byUid` joined) when it does not exist. Returns the invitee's uid.
    func groupInvite(gid: String, alias: String, byAlias: String, byUid: String) async throws -> String

    /// GroupEdit join, optionally under `newAlias`. Returns the alias the member joined under.
    func groupJoin(gid: String, uid: String, newAlias: String?) async throws -> String

    /// GroupEdit alias. Returns the member's previous alias.
    func groupAlias(gid: String, uid: String, newAlias: String) async throws -> String

    /// GroupEdit drop of the member recorded as `alias`. Returns the dropped member's uid.
    func groupDrop(gid: String, alias: String, byUid: String) async throws -> String

    /// GroupGetUsers: the joined members' uids (sorted), if `byUid` is invited or joined.
    func groupUsers(gid: String, byUid: String) async throws -> [String]

    /// Every row of a group, by uid (empty when the group does not exist).
    func groupMembers(gid: String) async throws -> [GroupMembership]

    // MARK: Messages and queues

    /// Stores each delivery's message once and queues it for each of its recipient nodes, all in
    /// one atomic, durable transaction. On success the store owns every ``MessageData/blob(_:)``
    /// (a message with no recipients is dropped and its blob removed); on failure nothing is
    /// queued and the caller still owns its blobs.
    ///
    /// With `queueQuota` above 0, throws ``QueueQuotaExceeded`` (queueing nothing) when a recipient
    /// node already holds that many messages. The count runs in the enqueue's own transaction, so a
    /// post costs no separate read and no concurrent post can slip past the check.
    ///
    /// A store several processes share throws ``StoreError/messageIDBehind(_:)`` (queueing nothing)
    /// when a recipient node was already given a message with a higher id: ids reach each node in
    /// increasing order, and the caller stamps the messages again.
    ///
    /// Returns the commit's number (see ``QueueBatch``), or 0 when the store does not number commits.
    @discardableResult
    func enqueue(_ deliveries: [Delivery], queueQuota: Int) async throws -> UInt64

    /// The head of a node's queue, or `nil` when it is empty.
    func nextMessage(for node: NodeAddress) async throws -> QueuedMessage?

    /// The first messages of a node's queue in delivery order, at most `limit`, leaving out `excluded`
    /// (messages the node has acked whose removal is still committing, so the next delivery need not
    /// wait for that commit). Stops early once the messages hold `byteBudget` bytes of inline data,
    /// but always returns the head when the queue has one.
    func nextMessages(for node: NodeAddress, excluding excluded: Set<UInt64>, limit: Int, byteBudget: Int)
        async throws -> QueueBatch

    /// How many messages wait in each node's queue, in the order of `nodes`, counting at most
    /// `limit` per node (enough for a quota check without counting a long queue in full).
    func queuedCounts(for nodes: [NodeAddress], limit: Int) async throws -> [Int]

    /// Removes message `id` from the node's queue, durably. Returns `false` when it was not queued
    /// there (a stale or repeated ack).
    @discardableResult
    func acknowledge(_ id: UInt64, for node: NodeAddress) async throws -> Bool

    /// How many messages wait in a node's queue (for a quota check).
    func queuedCount(for node: NodeAddress) async throws -> Int

    /// The blobs that hold message data.
    var blobs: BlobStore { get }

    /// Marks `node` logged in on this process until ``releaseLogin(_:)`` or this process ends;
    /// `false` when another process sharing the store has it logged in. Within one process, the
    /// engine's registry decides.
    func claimLogin(_ node: NodeAddress) async throws -> Bool

    /// Ends this process's claim on `node`.
    func releaseLogin(_ node: NodeAddress) async

    /// Queue changes that other processes sharing this store commit, for waking the deliveries of
    /// this process's logged-in nodes. One caller consumes it, for as long as the store is open.
    func queueWakeUps() -> AsyncStream<QueueWakeUp>

    // MARK: Presence

    /// Records that `user`'s `ohi` set on this process flagged `uids` on (`online`) or off, and tells
    /// the other processes sharing the store. Returns the uids to tell: all of them when `online`;
    /// when not, those that no other process still has `user` flagging.
    func sharePresence(of user: String, flags uids: [String], online: Bool) async throws -> [String]

    /// Presence changes that other processes sharing this store make. One caller consumes it.
    func presenceNotices() -> AsyncStream<PresenceNotice>

    /// The users whose `ohi` set, held on another process sharing the store, flags `uid`.
    func presenceWatchers(of uid: String) async throws -> [String]

    // MARK: Message ids

    /// Durably reserves up to `count` message ids (at least one) and returns them: from
    /// `max(clock, previous ceiling)`, or, in a store several processes share, from one sequence
    /// that started near the clock. No later reservation, in this or another process sharing the
    /// store, or after a restart, overlaps or precedes them.
    func reserveMessageIDs(clock: UInt64, count: UInt64) async throws -> Range<UInt64>

    // MARK: Invites

    /// Stores a new invite code.
    func createInvite(uses: Int, expires: Date?, now: Date) async throws -> Invite

    /// Every invite, newest first.
    func invites() async throws -> [Invite]

    /// Deletes an invite; `false` when there was none with that code.
    @discardableResult
    func revokeInvite(_ code: String) async throws -> Bool

    /// Uses one registration of `code` if it is usable at `now`; `false` (and no change) otherwise.
    func consumeInvite(_ code: String, now: Date) async throws -> Bool
}

/// The first messages of a node's queue, from ``ServerStore/nextMessages(for:excluding:limit:byteBudget:)``.
///
/// A store may number its commits (increasing from 1) and say which of them a read saw, so that a
/// node's delivery can add a message whose enqueue it was told about without reading it back: an
/// enqueue numbered above ``excludesCommitsAfter`` is certainly not in the read, one at most
/// ``includesCommitsThrough`` certainly is. Between the two the read cannot tell. A store that does
/// not number commits leaves the defaults, which tell nothing.
public struct QueueBatch: Hashable, Sendable {
    public var messages: [QueuedMessage]
    /// `messages` is the whole queue (less the excluded ids), not just its start.
    public var isWholeQueue: Bool
    /// Every commit up to this number had finished when the read began.
    public var includesCommitsThrough: UInt64
    /// No commit above this number had begun when the read ended.
    public var excludesCommitsAfter: UInt64

    public init(
        messages: [QueuedMessage], isWholeQueue: Bool, includesCommitsThrough: UInt64 = 0,
        excludesCommitsAfter: UInt64 = .max
    ) {
        self.messages = messages
        self.isWholeQueue = isWholeQueue
        self.includesCommitsThrough = includesCommitsThrough
        self.excludesCommitsAfter = excludesCommitsAfter
    }
}

/// Failures of the store that are not directory rules.
public enum StoreError: Error, Hashable, Sendable {
    /// A delivery names a node that does not exist or is defunct.
    case unknownNode(NodeAddress)
    /// A registration's invite code is unknown, used up, expired or revoked.
    case inviteRefused
    /// A message id is 1 << 63 or more, beyond what the store orders correctly.
    case messageIDOutOfRange(UInt64)
    /// The database holds a value this code cannot read (a corrupt or foreign file).
    case corruptRow(String)
    /// Two messages in one call share an id, or the id is already stored.
    case duplicateMessageID(UInt64)
    /// The node was already given a message with a higher id (another process stamped later and
    /// committed first); the message needs a new id.
    case messageIDBehind(NodeAddress)
}

extension ServerStore {
    /// Creates a user registered without signing in.
    public func createUser(uid: String, nodeKeyHash: String, invite: String?, now: Date) async throws -> NodeAddress {
        try await createUser(uid: uid, nodeKeyHash: nodeKeyHash, invite: invite, signIn: nil, now: now)
    }

    /// Enqueues with no quota check (notices, which the reference never refuses).
    @discardableResult
    public func enqueue(_ deliveries: [Delivery]) async throws -> UInt64 {
        try await enqueue(deliveries, queueQuota: 0)
    }
}
