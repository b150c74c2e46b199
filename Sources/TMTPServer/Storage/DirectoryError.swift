/// A refusal by the directory (users, nodes, aliases, groups).
///
/// `message` is the reference server's text, byte for byte: the protocol layer puts it into
/// `ack.error` (or `registered.error`), where clients show it and tests compare it.
public struct DirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it rather than on the text.
    public enum Kind: Hashable, Sendable {
        case invalidArgument
        case missingNode
        case unknownUser
        case tooManyNodes
        case invalidNode
        case lastNode
        case unknownAlias
        case aliasTaken
        case aliasInvalid
        case memberJoined
        case unknownGroup
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension DirectoryError {
    static func addUserNodeMissing(uid: String, keyHash: String) -> Self {
        Self(.missingNode, "AddUser: Uid \(uid) found, Node \(keyHash) missing")
    }

    static func unknownUser(_ function: String, uid: String) -> Self {
        Self(.unknownUser, "\(function): iUid \(uid) not found")
    }

    static func nodeExists(keyHash: String) -> Self {
        Self(.invalidNode, "AddNode: Node \(keyHash) exists")
    }

    static func tooManyNodes(limit: Int) -> Self {
        Self(.tooManyNodes, "AddNode: Exceeds \(limit) nodes")
    }

    static func invalidNode(number: Int) -> Self {
        Self(.invalidNode, "DropNode: iNode \(number) invalid")
    }

    static let lastNode = Self(.lastNode, "DropNode: cannot drop last node")

    /// The text Ping, Lookup and friends report for an alias nobody holds.
    public static func aliasNotFound(_ alias: String) -> Self {
        Self(.unknownAlias, "Lookup: iAlias \(alias) not found")
    }
}
