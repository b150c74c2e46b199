import QuireCore

/// One row of the address book list.
enum AddressBookRow: Sendable, Hashable {
    enum Section: Sendable, Hashable {
        case pending
        case contacts
        case groups
    }

    case heading(Section, count: Int)
    /// A section with nothing in it.
    case none(Section)
    case notice(Notice)
    case contact(Contact)
    case group(AddressBookSnapshot.Group, expanded: Bool)
    case member(GroupMember)
    case pingSomeoneNew

    /// Headings and empty-section lines are not selectable.
    var isSelectable: Bool {
        switch self {
        case .heading, .none: false
        default: true
        }
    }

    /// The rows of a snapshot: pending first (they want an answer), then contacts, groups with
    /// the expanded ones' members, and the "ping someone new" line.
    static func rows(for snapshot: AddressBookSnapshot, expanded: Set<String>) -> [AddressBookRow] {
        var rows: [AddressBookRow] = []
        if !snapshot.pending.isEmpty {
            rows.append(.heading(.pending, count: snapshot.pending.count))
            rows.append(contentsOf: snapshot.pending.map(AddressBookRow.notice))
        }
        rows.append(.heading(.contacts, count: snapshot.contacts.count))
        rows.append(contentsOf: snapshot.contacts.map(AddressBookRow.contact))
        rows.append(.pingSomeoneNew)
        rows.append(.heading(.groups, count: snapshot.groups.count))
        if snapshot.groups.isEmpty { rows.append(.none(.groups)) }
        for group in snapshot.groups {
            let isExpanded = expanded.contains(group.group.gid)
            rows.append(.group(group, expanded: isExpanded))
            if isExpanded { rows.append(contentsOf: group.members.map(AddressBookRow.member)) }
        }
        return rows
    }
}
