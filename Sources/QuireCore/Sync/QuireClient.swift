import Foundation
import TMTPTransport

/// What a user can do with Quire, as store writes: every action that needs the network is
/// queued in the outbox (durably, in order) for the account's sync to send, so screens and
/// commands never wait on a link. The TUI and the `quire` command line both use this.
public struct QuireClient: Sendable {
    public let store: ClientStore
    public let home: QuireHome

    public init(store: ClientStore, home: QuireHome) {
        self.store = store
        self.home = home
    }

    // MARK: - Accounts

    /// Adds an account on a site; the sync registers it (with `alias` when given) on first connect.
    /// `site` is an address or an invite link, `invite` a code or a link (see ``SiteInvitation``).
    @discardableResult
    public func addAccount(name: String, site: String?, alias: String? = nil, invite: String? = nil) async throws
        -> Account
    {
        guard !name.isEmpty, !name.contains(where: { $0.isNewline || $0.isWhitespace }) else {
            throw QuireClientError.invalidName(name)
        }
        let invitation: SiteInvitation
        do {
            invitation = try SiteInvitation(site: site, invite: invite)
            _ = try SiteAddress(parsing: invitation.site)
        } catch {
            throw QuireClientError.invalidSite("\(error)")
        }
        if let alias, alias.utf8.count < 8 { throw OutgoingError.shortName(alias) }
        let account = Account(name: name, siteAddress: invitation.site, alias: alias, invite: invitation.code)
        try await store.addAccount(account)
        return account
    }

    /// Leaves a site: deletes the account's data and its node password. Stop its sync first.
    public func removeAccount(_ name: String) async throws {
        try await store.removeAccount(named: name)
        try SecretsFile(home: home).removePassword(for: name)
    }

    /// Asks the site for a node for another device; once acked, the sync writes the enrolment
    /// bundle at `EnrolmentBundle.pendingURL(account:label:home:)`.
    @discardableResult
    public func addDevice(account: String, label: String) async throws -> OutboxItem {
        _ = try await registered(account)
        let item = Outgoing.newNode(account: account, label: label)
        try await store.enqueue(item)
        return item
    }

    /// Imports an account from an enrolment bundle made on another device.
    @discardableResult
    public func join(bundle: EnrolmentBundle, as name: String? = nil) async throws -> Account {
        let name = name ?? bundle.account
        if try await store.account(named: name) != nil { throw ClientStoreError.accountExists(name) }
        try SecretsFile(home: home).setPassword(bundle.node, for: name)
        let account = Account(
            name: name, siteAddress: bundle.siteAddress, siteName: bundle.siteName, uid: bundle.uid,
            alias: bundle.alias, state: .registered)
        try await store.addAccount(account)
        return account
    }

    // MARK: - Contacts

    /// Pings an alias with a short note; they appear as a contact we pinged until they answer.
    @discardableResult
    public func ping(account: String, alias: String, text: String) async throws -> OutboxItem {
        let me = try await registered(account)
        guard let myAlias = me.alias else { throw QuireClientError.noAlias(account) }
        let item = try Outgoing.ping(account: account, from: myAlias, to: alias, text: text)
        try await store.enqueue(item)
        if try await store.contact(account: account, alias: alias) == nil {
            try await store.saveContact(Contact(account: account, alias: alias, origin: .pingSent))
        }
        return item
    }

    /// Accepts a ping (the sender becomes a contact reachable by uid, told of our presence) or a
    /// group invitation (we join the group).
    @discardableResult
    public func accept(notice id: Int64) async throws -> Notice {
        try await store.acceptNotice(id: id) { notice in
            switch notice.kind {
            case .ping:
                return Outgoing.presence(account: notice.account, uids: [notice.fromUID], kind: .add)
            case .invite:
                guard let gid = notice.gid else { return nil }
                return Outgoing.groupEdit(account: notice.account, gid: gid, action: .join(newAlias: nil))
            case .forward:
                return nil
            }
        }
    }

    public func ignore(notice id: Int64) async throws {
        try await store.setNoticeState(.ignored, id: id)
    }

    /// Blocks (or unblocks) an alias: their posts, pings and presence are dropped from then on,
    /// and they stop being told when we are online.
    public func setBlocked(_ blocked: Bool, account: String, alias: String) async throws {
        var contact = try await store.contact(account: account, alias: alias)
        if contact == nil {
            let uid = try await store.notices(account: account).last { $0.fromAlias == alias }?.fromUID
            contact = Contact(account: account, alias: alias, uid: uid, origin: .manual, blocked: blocked)
            if let contact { try await store.saveContact(contact) }
        } else {
            try await store.setBlocked(blocked, account: account, alias: alias)
        }
        if let uid = contact?.uid, try await store.account(named: account)?.uid != nil {
            try await store.enqueue(Outgoing.presence(account: account, uids: [uid], kind: blocked ? .drop : .add))
        }
    }

    // MARK: - Groups

    /// Invites an alias into a group, creating the group (owned by us) when it is new.
    @discardableResult
    public func invite(account: String, gid: String, alias: String, text: String) async throws -> OutboxItem {
        let me = try await registered(account)
        let known = try await store.groups(account: account).first { $0.gid == gid }
        let myAlias = known?.myAlias ?? me.alias
        guard let myAlias else { throw QuireClientError.noAlias(account) }
        let item = try Outgoing.groupInvite(account: account, gid: gid, from: myAlias, to: alias, text: text)
        try await store.enqueue(item)
        if known == nil {
            // A new group: the site makes us its first joined member.
            try await store.saveGroup(ContactGroup(account: account, gid: gid, myAlias: myAlias, isOwner: true))
            try await store.saveMember(
                GroupMember(account: account, gid: gid, alias: myAlias, uid: me.uid, status: .joined))
        }
        return item
    }

    /// Leaves a group (a self-drop); the group goes from the list when the site confirms.
    @discardableResult
    public func leave(account: String, gid: String) async throws -> OutboxItem {
        let me = try await registered(account)
        let group = try await store.groups(account: account).first { $0.gid == gid }
        guard let group else { throw ClientStoreError.unknownGroup(account: account, gid: gid) }
        guard let alias = group.myAlias ?? me.alias else { throw QuireClientError.noAlias(account) }
        let item = Outgoing.groupEdit(account: account, gid: gid, action: .drop(to: alias))
        try await store.enqueue(item)
        return item
    }

    /// Drops another member from a group we belong to.
    @discardableResult
    public func drop(account: String, gid: String, member: String) async throws -> OutboxItem {
        _ = try await registered(account)
        let item = Outgoing.groupEdit(account: account, gid: gid, action: .drop(to: member))
        try await store.enqueue(item)
        return item
    }

    /// Changes the alias we use in a group (it must be one of our aliases).
    @discardableResult
    public func setGroupAlias(account: String, gid: String, alias: String) async throws -> OutboxItem {
        _ = try await registered(account)
        let item = Outgoing.groupEdit(account: account, gid: gid, action: .alias(newAlias: alias))
        try await store.enqueue(item)
        return item
    }

    // MARK: - Threads

    /// Starts a thread to contacts and groups (by alias or gid). Each of `forms` (blank forms of
    /// the library) goes as an `f:` attachment and is shown in the body, as the reference client does.
    @discardableResult
    public func newThread(
        account: String, to names: [String], subject: String, body: String, attachments: [URL] = [],
        formResults: [String: String] = [:], forms: [FormName] = [], draftID: String? = nil
    ) async throws -> OutboxItem {
        guard !subject.isEmpty else { throw QuireClientError.noSubject }
        let me = try await registered(account)
        let recipients = try await resolve(names, account: account)
        guard !recipients.isEmpty else { throw QuireClientError.noRecipients }
        let item = try Outgoing.post(
            account: account, author: author(me), recipients: recipients, threadID: nil, subject: subject,
            body: FormEmbedding.body(body, forms: forms),
            attachments: try load(attachments, formResults: formResults) + blankForms(forms, from: me),
            draftID: draftID)
        try await store.enqueue(item)
        return item
    }

    /// Replies to everyone on a thread: the Cc of its newest message, and its author.
    @discardableResult
    public func reply(
        account: String, thread: String, body: String, attachments: [URL] = [], formResults: [String: String] = [:],
        forms: [FormName] = [], draftID: String? = nil
    ) async throws -> OutboxItem {
        let blanks = forms.isEmpty ? [] : try blankForms(forms, from: try await registered(account))
        return try await reply(
            account: account, thread: thread, body: FormEmbedding.body(body, forms: forms),
            loaded: try load(attachments, formResults: formResults) + blanks, draftID: draftID)
    }

    /// Replies to everyone on a thread with attachments already read.
    func reply(account: String, thread: String, body: String, loaded: [Outgoing.Attachment], draftID: String?)
        async throws -> OutboxItem
    {
        let me = try await registered(account)
        guard let summary = try await store.thread(account: account, id: thread) else {
            throw ClientStoreError.unknownThread(account: account, thread: thread)
        }
        let messages = try await store.messages(account: account, thread: thread)
        guard let last = messages.last else { throw ClientStoreError.unknownThread(account: account, thread: thread) }
        var recipients: [Recipient] = []
        var seen: Set<String> = [me.uid ?? ""]
        let added = try await store.threadMembers(account: account, thread: thread)
        for recipient in [Recipient(alias: last.fromAlias, uid: last.fromUID)] + last.recipients + added {
            guard let uid = recipient.uid, seen.insert(uid).inserted else { continue }
            recipients.append(recipient)
        }
        guard !recipients.isEmpty else { throw QuireClientError.noRecipients }
        let item = try Outgoing.post(
            account: account, author: author(me), recipients: recipients, threadID: thread,
            subject: summary.subject, body: body, attachments: loaded, draftID: draftID)
        try await store.enqueue(item)
        return item
    }

    /// Forwards a thread to contacts or groups not yet on it (PostNotify): they receive its
    /// messages so far, and everyone on it is told who was added.
    @discardableResult
    public func forward(account: String, thread: String, to names: [String]) async throws -> OutboxItem {
        let me = try await registered(account)
        let author = try author(me)
        let added = try await resolve(names, account: account)
        guard !added.isEmpty else { throw QuireClientError.noRecipients }
        let messages = try await store.messages(account: account, thread: thread)
        guard !messages.isEmpty else { throw ClientStoreError.unknownThread(account: account, thread: thread) }
        var members: [String: Recipient] = [:]
        for message in messages {
            for recipient in [Recipient(alias: message.fromAlias, uid: message.fromUID)] + message.recipients {
                if let uid = recipient.uid, uid != author.uid, members[uid] == nil { members[uid] = recipient }
            }
        }
        for recipient in try await store.threadMembers(account: account, thread: thread) {
            if let uid = recipient.uid, uid != author.uid, members[uid] == nil { members[uid] = recipient }
        }
        let existing = members.values.sorted { $0.alias < $1.alias }
        let file = try await ThreadFileBuilder(store: store).file(
            thread, messages: messages, members: existing, author: author)
        let item = try Outgoing.forward(
            account: account, author: author, threadID: thread, file: file,
            added: added.filter { members[$0.uid ?? ""] == nil }, existing: existing)
        try await store.enqueue(item)
        return item
    }

    /// Copies the account's history to its other devices (after `addDevice`, for the new one):
    /// one own-node post per thread with its file, then one with contacts, groups, tags and read
    /// state, all queued in one transaction.
    @discardableResult
    public func shareHistory(account: String) async throws -> [OutboxItem] {
        try await HistoryShare(store: store).queue(account: account, author: author(try await registered(account)))
    }

    /// Sends a saved draft; it is deleted when the site acks the post.
    @discardableResult
    public func send(draft id: String, account: String) async throws -> OutboxItem {
        guard let draft = try await store.draft(account: account, id: id) else {
            throw ClientStoreError.unknownDraft(account: account, id: id)
        }
        let files = draft.attachments.map { URL(fileURLWithPath: $0) }
        let forms = try draft.forms.map { name throws(FormLibraryError) in try FormName(parsing: name) }
        if let thread = draft.threadID {
            return try await reply(
                account: account, thread: thread, body: draft.body, attachments: files,
                formResults: draft.formResults, forms: forms, draftID: id)
        }
        return try await newThread(
            account: account, to: draft.recipients, subject: draft.subject, body: draft.body, attachments: files,
            formResults: draft.formResults, forms: forms, draftID: id)
    }

    /// Marks a thread read or unread here and on the account's other devices.
    public func setRead(_ read: Bool, account: String, thread: String) async throws {
        try await store.setThreadRead(read, account: account, thread: thread)
        try await syncToOtherNodes([.read(read, thread: thread)], account: account)
    }

    /// Adds or removes a private tag here and on the account's other devices.
    public func setTag(_ tag: String, added: Bool, account: String, thread: String) async throws {
        if added {
            try await store.addTag(tag, account: account, thread: thread)
        } else {
            try await store.removeTag(tag, account: account, thread: thread)
        }
        try await syncToOtherNodes([.tag(tag, added: added, thread: thread)], account: account)
    }

    /// The account holding a thread id (thread ids are server msgids, unique per site).
    public func locate(thread id: String, account: String? = nil) async throws -> ThreadSummary {
        let names = if let account { [account] } else { try await store.accounts().map(\.name) }
        for name in names {
            if let summary = try await store.thread(account: name, id: id) { return summary }
        }
        throw QuireClientError.unknownThread(id)
    }

    // MARK: - Helpers

    private func syncToOtherNodes(_ changes: [NodeSyncChange], account: String) async throws {
        guard try await store.account(named: account)?.uid != nil else { return }
        try await store.enqueue(try Outgoing.nodeSync(account: account, changes: changes))
    }

    private func registered(_ account: String) async throws -> Account {
        guard let record = try await store.account(named: account) else {
            throw ClientStoreError.unknownAccount(account)
        }
        return record
    }

    private func author(_ account: Account) throws -> Outgoing.Author {
        // Before registration the uid is unknown; the Cc is only finished when the row is sent.
        guard let uid = account.uid else { throw QuireClientError.notRegistered(account.name) }
        return Outgoing.Author(uid: uid, alias: account.alias ?? uid)
    }

    /// Contacts (by alias, with a uid) and groups (by gid) named by the user.
    private func resolve(_ names: [String], account: String) async throws -> [Recipient] {
        let groups = try await store.groups(account: account)
        var recipients: [Recipient] = []
        for name in names {
            if let contact = try await store.contact(account: account, alias: name) {
                guard !contact.blocked else { throw QuireClientError.blocked(name) }
                guard let uid = contact.uid else { throw OutgoingError.noUID(name) }
                recipients.append(Recipient(alias: contact.alias, uid: uid))
            } else if let group = groups.first(where: { $0.gid == name }) {
                recipients.append(Recipient(alias: group.gid, uid: group.gid, isGroup: true))
            } else {
                throw QuireClientError.unknownRecipient(name)
            }
        }
        return recipients
    }

    /// The library's blank forms as `f:` attachments carrying their family's FFN: its spec's, else
    /// the sender's site FFN, as the reference client names a family of its own.
    private func blankForms(_ names: [FormName], from account: Account) throws -> [Outgoing.Attachment] {
        let library = FormLibrary(home: home)
        return try names.map { name in
            _ = try library.entry(name)
            let file = library.directory.appendingPathComponent(name.description)
            let ffn =
                library.specFFN(family: name.family)
                ?? FormName.siteFFN(site: account.siteAddress, alias: account.alias ?? "", family: name.family)
            return Outgoing.Attachment(
                name: name.description, bytes: [UInt8](try library.json(name)), sourcePath: file.path, kind: .form,
                ffn: ffn)
        }
    }

    /// Reads the files to attach; those listed in `formResults` go out as filled forms (`r:`).
    private func load(_ files: [URL], formResults: [String: String] = [:]) throws -> [Outgoing.Attachment] {
        try files.map { url in
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw QuireClientError.unreadableFile(url.path)
            }
            guard let ffn = formResults[url.path] else {
                return Outgoing.Attachment(name: url.lastPathComponent, bytes: [UInt8](data), sourcePath: url.path)
            }
            return Outgoing.Attachment(
                name: url.lastPathComponent, bytes: [UInt8](data), sourcePath: url.path, kind: .formResult,
                ffn: ffn.isEmpty ? nil : ffn)
        }
    }
}

/// Why a user action was refused.
public enum QuireClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case invalidSite(String)
    case noAlias(String)
    case notRegistered(String)
    case noSubject
    case noRecipients
    case unknownRecipient(String)
    case blocked(String)
    case unreadableFile(String)
    case unknownThread(String)

    public var description: String {
        switch self {
        case .invalidName(let name): "invalid account name \"\(name)\": use a name without spaces"
        case .invalidSite(let reason): reason
        case .noAlias(let account): "account \"\(account)\" has no alias; pings and invitations are sent from an alias"
        case .notRegistered(let account):
            "account \"\(account)\" is not registered yet: run `quire sync --once` first"
        case .noSubject: "a new thread needs a subject"
        case .noRecipients: "no recipients"
        case .unknownRecipient(let name): "\"\(name)\" is neither a contact nor a group of this account"
        case .blocked(let name): "\"\(name)\" is blocked"
        case .unreadableFile(let path): "cannot read \(path)"
        case .unknownThread(let id): "no thread \(id)"
        }
    }
}
