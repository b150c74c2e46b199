import QuireCore
import QuireRender

/// The address book of one account: pending pings and invitations to accept, ignore or block,
/// contacts with presence, groups with their members, and "ping someone new".
///
/// It draws an ``AddressBookSnapshot``; the app reloads one when the store changes and hands
/// it over with ``update(_:)``. Answers are applied to the snapshot as soon as the app reports
/// them done, so the list does not wait for the reload.
public struct AddressBookPane: ModalPane, Sendable {
    public private(set) var snapshot: AddressBookSnapshot
    /// Gids of the groups whose members are shown.
    public private(set) var expanded: Set<String> = []
    /// The selected row.
    public private(set) var selection = 0
    public private(set) var message: StatusLine.Message?
    /// The ping being written, when the bottom line is a prompt.
    public private(set) var pingPrompt: PingPrompt?

    var rows: [AddressBookRow]

    /// The two questions of a new ping: who, then the note.
    public struct PingPrompt: Sendable, Hashable {
        public enum Stage: Sendable, Hashable {
            case alias
            case note(alias: String)
        }

        public var stage: Stage
        public var editor: LineEditor
    }

    /// The longest ping note, in UTF-16 units (the protocol's limit).
    public static let maximumNoteLength = 140

    public init(snapshot: AddressBookSnapshot) {
        self.snapshot = snapshot
        rows = AddressBookRow.rows(for: snapshot, expanded: [])
        selection = rows.firstIndex(where: \.isSelectable) ?? 0
    }

    /// Shows a newer snapshot, keeping the selection where it was as far as possible.
    public mutating func update(_ snapshot: AddressBookSnapshot) {
        let previous = rows.indices.contains(selection) ? rows[selection] : nil
        self.snapshot = snapshot
        expanded.formIntersection(snapshot.groups.map(\.group.gid))
        rebuild(keeping: previous)
    }

    public var keyContext: KeyContext { pingPrompt == nil ? .addressBook : .prompt }

    public var title: TerminalSafeText { UIText("Address book").safe }

    // MARK: Commands

    public mutating func handle(_ command: Command) -> PaneOutcome {
        if pingPrompt != nil {
            guard case .edit(let action) = command else { return .ignored }
            return editPrompt(action)
        }
        let row = rows.indices.contains(selection) ? rows[selection] : nil
        switch command {
        case .move(let motion):
            move(motion)
        case .open:
            return open(row)
        case .accept, .ignore:
            guard case .notice(let notice)? = row else {
                message = .error(UIText("Select a pending ping or invitation first").safe)
                return .handled
            }
            message = nil
            return .request(command == .accept ? .acceptNotice(id: notice.id) : .ignoreNotice(id: notice.id))
        case .block:
            switch row {
            case .contact(let contact)?:
                message = nil
                return .request(.setBlocked(!contact.blocked, account: snapshot.account, alias: contact.alias))
            case .notice(let notice)?:
                message = nil
                return .request(.setBlocked(true, account: snapshot.account, alias: notice.fromAlias))
            default:
                message = .error(UIText("Select a contact or a pending ping to block").safe)
            }
        case .ping(let address):
            let alias = address.trimmingCharacters(in: .whitespaces)
            pingPrompt = PingPrompt(stage: alias.isEmpty ? .alias : .note(alias: alias), editor: LineEditor())
            message = nil
        case .compose(let address):
            if let address, !address.isEmpty { return compose(to: address) }
            return compose(row)
        case .close, .edit(.cancel):
            return .close
        default:
            return .ignored
        }
        return .handled
    }

    public mutating func insert(_ text: String) -> PaneOutcome {
        guard var prompt = pingPrompt else { return .ignored }
        prompt.editor.insert(text)
        pingPrompt = prompt
        return .handled
    }

    public mutating func complete(_ request: AppRequest, with result: RequestResult) {
        switch result {
        case .failed(let reason):
            message = .error(reason)
            return
        case .done(let text):
            message = text.isEmpty ? nil : .info(text)
        case .text:
            return
        }
        let previous = rows.indices.contains(selection) ? rows[selection] : nil
        switch request {
        case .acceptNotice(let id), .ignoreNotice(let id):
            snapshot.pending.removeAll { $0.id == id }
        case .setBlocked(let blocked, _, let alias):
            for index in snapshot.contacts.indices where snapshot.contacts[index].alias == alias {
                snapshot.contacts[index].blocked = blocked
            }
        default:
            return
        }
        rebuild(keeping: previous)
    }

    private mutating func open(_ row: AddressBookRow?) -> PaneOutcome {
        switch row {
        case .group(let group, let isExpanded)?:
            if isExpanded { expanded.remove(group.group.gid) } else { expanded.insert(group.group.gid) }
            rebuild(keeping: .group(group, expanded: !isExpanded))
        case .pingSomeoneNew?:
            pingPrompt = PingPrompt(stage: .alias, editor: LineEditor())
            message = nil
        case .contact?, .member?:
            return compose(row)
        case .notice?:
            message = .info(UIText("a accepts · i ignores · b blocks the sender").safe)
        default:
            break
        }
        return .handled
    }

    private mutating func compose(_ row: AddressBookRow?) -> PaneOutcome {
        switch row {
        case .contact(let contact)?:
            guard !contact.blocked else {
                message = .error(TerminalSafeText(sanitising: "\(contact.alias) is blocked; b unblocks"))
                return .handled
            }
            return compose(to: contact.alias)
        case .member(let member)?: return compose(to: member.alias)
        case .group(let group, _)?: return compose(to: group.group.gid)
        default: return .request(.compose(Draft(account: snapshot.account)))
        }
    }

    private func compose(to address: String) -> PaneOutcome {
        .request(.compose(Draft(account: snapshot.account, recipients: [address])))
    }

    private mutating func editPrompt(_ action: EditAction) -> PaneOutcome {
        guard var prompt = pingPrompt else { return .ignored }
        switch prompt.editor.apply(action) {
        case .cancelled:
            pingPrompt = nil
            return .handled
        case .submitted(let text):
            let answer = text.trimmingCharacters(in: .whitespaces)
            switch prompt.stage {
            case .alias:
                guard !answer.isEmpty, !answer.contains(" ") else {
                    message = .error(UIText("Type the alias to ping (one word)").safe)
                    pingPrompt = prompt
                    return .handled
                }
                pingPrompt = PingPrompt(stage: .note(alias: answer), editor: LineEditor())
                message = nil
                return .handled
            case .note(let alias):
                guard answer.utf16.count <= AddressBookPane.maximumNoteLength else {
                    message = .error(
                        TerminalSafeText(
                            sanitising:
                                "The note is \(answer.utf16.count) characters; a ping takes \(AddressBookPane.maximumNoteLength)"
                        ))
                    pingPrompt = prompt
                    return .handled
                }
                pingPrompt = nil
                message = nil
                return .request(.ping(account: snapshot.account, alias: alias, text: answer))
            }
        case .edited, .ignored:
            pingPrompt = prompt
            return .handled
        }
    }

    // MARK: Rows and selection

    private mutating func move(_ motion: Motion) {
        let selectable = rows.indices.filter { rows[$0].isSelectable }
        guard !selectable.isEmpty else { return }
        let position = selectable.firstIndex(where: { $0 >= selection }) ?? selectable.count - 1
        selection = selectable[motion.apply(to: position, count: selectable.count, page: 10)]
    }

    /// Rebuilds the rows and selects `previous` again if it is still there (by what it shows),
    /// else the nearest selectable row.
    private mutating func rebuild(keeping previous: AddressBookRow?) {
        rows = AddressBookRow.rows(for: snapshot, expanded: expanded)
        if let previous, let index = rows.firstIndex(where: { $0.sameItem(as: previous) }) {
            selection = index
        }
        selection = min(selection, max(0, rows.count - 1))
        if rows.indices.contains(selection), !rows[selection].isSelectable {
            selection =
                rows[selection...].firstIndex(where: \.isSelectable)
                ?? rows[..<selection].lastIndex(where: \.isSelectable) ?? 0
        }
    }
}

extension AddressBookRow {
    /// Whether two rows show the same notice, contact, group or member, whatever changed in it.
    func sameItem(as other: AddressBookRow) -> Bool {
        switch (self, other) {
        case (.notice(let left), .notice(let right)): left.id == right.id
        case (.contact(let left), .contact(let right)): left.alias == right.alias
        case (.group(let left, _), .group(let right, _)): left.group.gid == right.group.gid
        case (.member(let left), .member(let right)): left.gid == right.gid && left.alias == right.alias
        case (.pingSomeoneNew, .pingSomeoneNew): true
        default: false
        }
    }
}
