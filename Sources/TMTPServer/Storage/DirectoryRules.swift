/// The reference server's directory rules (its `userdb`), as decisions over facts the caller loads.
///
/// Every store implementation (SQLite now, PostgreSQL later) reads the rows a rule needs, asks the
/// rule, and writes what it returns inside the same transaction. Keeping the rules free of storage
/// makes both stores refuse the same requests with the same `ack.error` text.
public enum DirectoryRules {
    /// Non-defunct nodes a user may have.
    public static let maximumNodes = 100

    /// Whether a string may be an alias or gid: valid Unicode made only of printable characters.
    ///
    /// This is Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
    /// space; other separators (U+2028, U+00A0, ...), controls, formats and unassigned code points fail.
    public static func isPrintable(_ string: String) -> Bool {
        string.unicodeScalars.allSatisfy(isPrintable(_:))
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    // MARK: Aliases

    /// Decides AddAlias. Returns `false` when the alias is already the user's (nothing to write).
    ///
    /// - Parameters:
    ///   - userExists: whether `uid` is a user.
    ///   - owner: the uid currently holding `alias`, if any.
    ///   - isGid: whether a group with this name exists.
    public static func addAlias(_ alias: String, for uid: String, userExists: Bool, owner: String?, isGid: Bool)
        throws(DirectoryError) -> Bool
    {
        guard !alias.isEmpty else { throw DirectoryError(.invalidArgument, "AddAlias: empty strings") }
        guard isPrintable(alias) else { throw DirectoryError(.invalidArgument, "AddAlias: invalid string '\(alias)'") }
        guard userExists else { throw DirectoryError.unknownUser("AddAlias", uid: uid) }
        if let owner {
            guard owner == uid else { throw DirectoryError(.aliasTaken, "AddAlias: alias \(alias) already taken") }
            return false
        }
        guard !isGid else { throw DirectoryError(.aliasTaken, "AddAlias: alias \(alias) not available") }
        return true
    }

    // MARK: Groups

    /// What a group operation changes: rows to insert or replace, and whether the group is new.
    public struct GroupChange: Hashable, Sendable {
        public var createsGroup: Bool
        public var upserts: [GroupMembership]
        /// The uid the operation is about (the invitee, the dropped member).
        public var uid: String
        /// The member's alias before the change (GroupEdit alias reports it as `alias`).
        public var alias: String

        public init(createsGroup: Bool = false, upserts: [GroupMembership], uid: String, alias: String) {
            self.createsGroup = createsGroup
            self.upserts = upserts
            self.uid = uid
            self.alias = alias
        }
    }

    /// Decides GroupInvite: `byUid`, who calls itself `byAlias`, invites the holder of `alias`.
    ///
    /// - Parameters:
    ///   - byAliasOwner: the uid holding `byAlias`.
    ///   - inviteeUid: the uid holding `alias`.
    ///   - members: the group's rows, empty when the group does not exist.
    ///   - gidIsAlias: whether some user holds `gid` as an alias.
    public static func groupInvite(
        gid: String,
        alias: String,
        byAlias: String,
        byUid: String,
        byAliasOwner: String?,
        inviteeUid: String?,
        members: [String: GroupMembership],
        gidIsAlias: Bool
    ) throws(DirectoryError) -> GroupChange {
        guard let byAliasOwner, byAliasOwner == byUid else {
            throw DirectoryError(.aliasInvalid, "GroupInvite: iByAlias \(byAlias) not for iByUid \(byUid)")
        }
        guard let inviteeUid else {
            throw DirectoryError(.aliasInvalid, "GroupInvite: iAlias \(alias) not found")
        }
        let invited = GroupMembership(uid: inviteeUid, alias: alias, status: .invited)
        if members.isEmpty {
            guard !gidIsAlias else { throw DirectoryError(.aliasTaken, "GroupInvite: gid \(gid) not available") }
            guard !gid.isEmpty, isPrintable(gid) else {
                throw DirectoryError(.invalidArgument, "GroupInvite: invalid string '\(gid)'")
            }
            // The reference writes the creator first and the invitee second, so a creator who
            // invites themself ends up invited; keep that.
            let creator = GroupMembership(uid: byUid, alias: byAlias, status: .joined)
            return GroupChange(createsGroup: true, upserts: [creator, invited], uid: inviteeUid, alias: alias)
        }
        guard members[byUid]?.status == .joined else {
            throw DirectoryError(.unknownUser, "GroupInvite: iByUid \(byUid) not a member")
        }
        switch members[inviteeUid]?.status {
        case .invited:
            return GroupChange(upserts: [], uid: inviteeUid, alias: alias)
        case .joined:
            throw DirectoryError(.memberJoined, "GroupInvite: iAlias \(alias) already joined")
        case .barred, nil:
            return GroupChange(upserts: [invited], uid: inviteeUid, alias: alias)
        }
    }

    /// Decides GroupEdit join: `uid` joins, optionally under `newAlias` (which `newAliasOwner` holds).
    /// The returned `alias` is the alias the member joined under.
    public static func groupJoin(
        gid: String,
        uid: String,
        newAlias: String?,
        newAliasOwner: String?,
        members: [String: GroupMembership]
    ) throws(DirectoryError) -> GroupChange {
        guard !members.isEmpty else { throw DirectoryError(.unknownGroup, "GroupJoin: iGid \(gid) not found") }
        let current = members[uid]
        if let current, current.status == .joined, newAlias == nil || newAlias == current.alias {
            return GroupChange(upserts: [], uid: uid, alias: current.alias)
        }
        guard let current, current.status == .invited || current.status == .joined else {
            throw DirectoryError(.unknownUser, "GroupJoin: iUid \(uid) not invited")
        }
        var alias = current.alias
        if let newAlias {
            guard newAliasOwner == uid else {
                throw DirectoryError(.aliasInvalid, "GroupJoin: iNewAlias \(newAlias) not for iUid \(uid)")
            }
            alias = newAlias
        }
        return GroupChange(upserts: [GroupMembership(uid: uid, alias: alias, status: .joined)], uid: uid, alias: alias)
    }

    /// Decides GroupEdit alias: a joined member switches to `newAlias`. The returned `alias` is the old one.
    public static func groupAlias(
        gid: String,
        uid: String,
        newAlias: String,
        newAliasOwner: String?,
        members: [String: GroupMembership]
    ) throws(DirectoryError) -> GroupChange {
        guard !members.isEmpty else { throw DirectoryError(.unknownGroup, "GroupAlias: iGid \(gid) not found") }
        guard let current = members[uid], current.status == .joined else {
            throw DirectoryError(.unknownUser, "GroupAlias: iUid \(uid) not a member")
        }
        if newAlias == current.alias {
            return GroupChange(upserts: [], uid: uid, alias: newAlias)
        }
        guard newAliasOwner == uid else {
            throw DirectoryError(.aliasInvalid, "GroupAlias: iNewAlias \(newAlias) not for iUid \(uid)")
        }
        let renamed = GroupMembership(uid: uid, alias: newAlias, status: current.status)
        return GroupChange(upserts: [renamed], uid: uid, alias: current.alias)
    }

    /// Decides GroupEdit drop of the member recorded under `alias` (held by `aliasOwner`).
    ///
    /// Dropping oneself returns the member to invited (they may rejoin); dropping another needs the
    /// caller joined and bars that member. The returned `uid` is the dropped member's.
    public static func groupDrop(
        gid: String,
        alias: String,
        byUid: String,
        aliasOwner: String?,
        members: [String: GroupMembership]
    ) throws(DirectoryError) -> GroupChange {
        guard !members.isEmpty else { throw DirectoryError(.unknownGroup, "GroupQuit: iGid \(gid) not found") }
        guard let aliasOwner, let member = members[aliasOwner], member.alias == alias else {
            throw DirectoryError(.aliasInvalid, "GroupQuit: iAlias \(alias) not a member")
        }
        if byUid == aliasOwner {
            if member.status == .invited { return GroupChange(upserts: [], uid: aliasOwner, alias: alias) }
            let invited = GroupMembership(uid: aliasOwner, alias: alias, status: .invited)
            return GroupChange(upserts: [invited], uid: aliasOwner, alias: alias)
        }
        guard members[byUid]?.status == .joined else {
            throw DirectoryError(.unknownUser, "GroupQuit: iByUid \(byUid) not a member")
        }
        if member.status == .barred { return GroupChange(upserts: [], uid: aliasOwner, alias: alias) }
        let barred = GroupMembership(uid: aliasOwner, alias: alias, status: .barred)
        return GroupChange(upserts: [barred], uid: aliasOwner, alias: alias)
    }

    /// Decides GroupGetUsers: the joined members, if `byUid` is invited or joined.
    public static func groupUsers(gid: String, byUid: String, members: [String: GroupMembership]) throws(DirectoryError)
        -> [String]
    {
        guard !members.isEmpty else { throw DirectoryError(.unknownGroup, "GroupGetUsers: iGid \(gid) not found") }
        switch members[byUid]?.status {
        case .joined, .invited:
            return members.values.filter { $0.status == .joined }.map(\.uid).sorted()
        case .barred, nil:
            throw DirectoryError(.unknownUser, "GroupGetUsers: iByUid \(byUid) not a member")
        }
    }
}
