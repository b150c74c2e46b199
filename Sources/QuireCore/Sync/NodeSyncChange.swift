/// One change of private state (read state, tags) sent to the account's other nodes.
///
/// A list of these is the data of a post with `for: []` and datahead `{"NodeSync":true}`; the
/// server hands it only to the sender's other nodes, and a node applies it only when the post
/// comes from its own uid. Applying a change twice gives the same state, so a re-delivery is harmless.
public struct NodeSyncChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        /// `read` says whether the thread is now read.
        case read
        /// `tag` was added (`add` true) or removed.
        case tag
    }

    public var op: Operation
    public var thread: String
    public var read: Bool?
    public var tag: String?
    public var add: Bool?

    public static func read(_ read: Bool, thread: String) -> NodeSyncChange {
        NodeSyncChange(op: .read, thread: thread, read: read, tag: nil, add: nil)
    }

    public static func tag(_ tag: String, added: Bool, thread: String) -> NodeSyncChange {
        NodeSyncChange(op: .tag, thread: thread, read: nil, tag: tag, add: added)
    }
}
