import Foundation

/// What a new device of an account needs besides the threads themselves, sent to the account's
/// own nodes (`for: []`, datahead `NodeHistory`) after the thread files: the address book, the
/// groups, and each thread's private tags and read state.
///
/// The site copies only the still-queued backlog to a new node (UserEdit `newnode`), and our
/// nodes ack everything at once, so the device that asked for the node sends the history itself.
public struct NodeHistory: Sendable, Hashable, Codable {
    public struct ContactEntry: Sendable, Hashable, Codable {
        public var alias: String
        public var uid: String?
        public var origin: Contact.Origin
        public var blocked: Bool
    }

    public struct GroupEntry: Sendable, Hashable, Codable {
        public var gid: String
        public var myAlias: String?
        public var isOwner: Bool
        public var members: [MemberEntry]
    }

    public struct MemberEntry: Sendable, Hashable, Codable {
        public var alias: String
        public var uid: String?
        public var status: GroupMember.Status
    }

    public struct ThreadEntry: Sendable, Hashable, Codable {
        public var id: String
        public var tags: [String]
        /// Messages still unread; every other message of the thread is read.
        public var unread: [String]
    }

    public var contacts: [ContactEntry]
    public var groups: [GroupEntry]
    public var threads: [ThreadEntry]

    public init(contacts: [ContactEntry], groups: [GroupEntry], threads: [ThreadEntry]) {
        self.contacts = contacts
        self.groups = groups
        self.threads = threads
    }
}
