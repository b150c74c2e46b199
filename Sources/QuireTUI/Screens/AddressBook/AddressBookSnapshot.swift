import QuireCore

/// What the address book shows for one account, read from the store at one moment: the pane
/// draws from this value alone, so it can be drawn and tested without a store.
public struct AddressBookSnapshot: Sendable, Hashable {
    /// A group with the members this account has seen.
    public struct Group: Sendable, Hashable {
        public var group: ContactGroup
        public var members: [GroupMember]

        public init(group: ContactGroup, members: [GroupMember]) {
            self.group = group
            self.members = members
        }
    }

    public var account: String
    public var contacts: [Contact]
    /// Uids of contacts online now, as the sync layer reports them (`AccountSync.onlineContacts`).
    public var online: Set<String>
    /// Pings and invitations still waiting for an answer.
    public var pending: [Notice]
    public var groups: [Group]

    public init(
        account: String, contacts: [Contact] = [], online: Set<String> = [], pending: [Notice] = [],
        groups: [Group] = []
    ) {
        self.account = account
        self.contacts = contacts
        self.online = online
        self.pending = pending.filter { $0.state == .pending }
        self.groups = groups
    }

    /// Reads the account's contacts, pending notices, groups and their members.
    public static func load(reader: StoreReader, account: String, online: Set<String>) throws
        -> AddressBookSnapshot
    {
        let contacts = try reader.contacts(account: account)
        let pending = try reader.notices(account: account, state: .pending)
        let groups = try reader.groups(account: account).map { group in
            Group(group: group, members: try reader.members(account: account, gid: group.gid))
        }
        return AddressBookSnapshot(
            account: account, contacts: contacts, online: online, pending: pending, groups: groups)
    }

    /// Whether a contact (or member) with this uid is online; blocked contacts never are.
    public func isOnline(uid: String?) -> Bool {
        guard let uid else { return false }
        return online.contains(uid)
    }

    /// Aliases and group names, for the composer's To completion.
    public var completionNames: [String] {
        contacts.filter { !$0.blocked }.map(\.alias) + groups.map(\.group.gid)
    }
}
