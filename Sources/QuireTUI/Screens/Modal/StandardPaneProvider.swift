import Foundation
import QuireCore

/// The panes quire ships: the composer for new threads, replies, forwards and drafts, the
/// address book, and form filling, each built from what the store holds.
public struct StandardPaneProvider: ModalPaneProvider {
    /// The zone quoted dates are written in; the system's when nil.
    public var utcOffset: Int64?

    public init(utcOffset: Int64? = nil) {
        self.utcOffset = utcOffset
    }

    public func pane(for request: PaneRequest, services: AppServices) throws -> any ModalPane {
        let pane = try makePane(for: request, services: services)
        guard var composer = pane as? ComposerPane else { return pane }
        // Every composer can attach the library's blank forms (`:attach-form`).
        composer.formLibrary = FormLibrary(home: services.home)
        return composer
    }

    private func makePane(for request: PaneRequest, services: AppServices) throws -> any ModalPane {
        let store = services.reader
        switch request {
        case .compose(let draft), .resumeDraft(let draft):
            let participants = try draft.threadID.map { try threadParticipants(store, draft.account, $0) } ?? []
            return ComposerPane(
                draft: draft, participants: participants, completions: try completions(draft.account, services),
                saved: request == .resumeDraft(draft))
        case .reply(let account, let thread, let msgid):
            let (summary, messages) = try loadThread(store, account, thread)
            let quoted = messages.first { $0.msgid == msgid }.map(quote)
            return ComposerPane(
                replyTo: thread, account: account, subject: summary.subject,
                participants: try participants(of: messages, account: account, store: store), quoting: quoted)
        case .replyToSender(let account, let thread, let msgid):
            let (summary, messages) = try loadThread(store, account, thread)
            let members = try participants(of: messages, account: account, store: store)
            let own = try store.account(named: account)
            guard let message = messages.first(where: { $0.msgid == msgid }) ?? messages.last,
                message.fromUID != own?.uid, message.fromAlias != own?.alias,
                members != [message.fromAlias]
            else {
                // You wrote it, or the thread is only the two of you: posting into it reaches
                // exactly the author.
                return ComposerPane(
                    replyTo: thread, account: account, subject: summary.subject, participants: members,
                    quoting: messages.first { $0.msgid == msgid }.map(quote))
            }
            return ComposerPane(
                replyingTo: quote(message), author: message.fromAlias, thread: thread, account: account,
                completions: try completions(account, services))
        case .forward(let account, let thread, let msgid):
            let (_, messages) = try loadThread(store, account, thread)
            guard let message = messages.first(where: { $0.msgid == msgid }) else {
                throw PaneUnavailable("the message to forward is no longer in the store")
            }
            return ComposerPane(
                forwarding: quote(message), account: account, completions: try completions(account, services))
        case .addressBook(let account):
            return AddressBookPane(snapshot: try addressBook(account, services))
        case .fillForm(let account, let thread, _, let attachment):
            return try formPane(account: account, thread: thread, attachment: attachment, services: services)
        case .formResults(let account, let family):
            let library = FormLibrary(home: services.home)
            return FormResultsPane(
                table: try services.reader.formResults(account: account, family: family, library: library))
        case .formLibrary(let account):
            return FormLibraryPane(account: account, entries: FormLibrary(home: services.home).entries())
        }
    }

    public func refreshed(_ pane: any ModalPane, services: AppServices) -> (any ModalPane)? {
        guard var book = pane as? AddressBookPane,
            let snapshot = try? addressBook(book.snapshot.account, services)
        else { return nil }
        book.update(snapshot)
        return book
    }

    // MARK: Reading the store

    private func loadThread(_ store: StoreReader, _ account: String, _ thread: String) throws
        -> (ThreadSummary, [StoredMessage])
    {
        guard let summary = try store.thread(account: account, id: thread) else {
            throw PaneUnavailable("no thread \(thread) in \(account)")
        }
        return (summary, try store.messages(account: account, thread: thread))
    }

    private func threadParticipants(_ store: StoreReader, _ account: String, _ thread: String) throws -> [String] {
        try participants(of: loadThread(store, account, thread).1, account: account, store: store)
    }

    /// Everyone who wrote on or was addressed by the thread, in order of appearance, but you.
    private func participants(of messages: [StoredMessage], account: String, store: StoreReader) throws
        -> [String]
    {
        let own = try store.account(named: account)
        var seen: Set<String> = []
        var names: [String] = []
        for message in messages {
            let own = own
            let aliases = [(message.fromAlias, message.fromUID)] + message.recipients.map { ($0.alias, $0.uid) }
            for (alias, uid) in aliases where uid != own?.uid && alias != own?.alias {
                if seen.insert(alias).inserted { names.append(alias) }
            }
        }
        return names
    }

    private func quote(_ message: StoredMessage) -> QuotedMessage {
        let offset = utcOffset ?? RelativeDate.current().utcOffset
        return QuotedMessage(
            fromAlias: message.fromAlias, date: PostedDate.long(message.posted, utcOffset: offset),
            subject: message.subject, body: message.body)
    }

    private func addressBook(_ account: String, _ services: AppServices) throws -> AddressBookSnapshot {
        try AddressBookSnapshot.load(
            reader: services.reader, account: account, online: services.presence.online(account: account))
    }

    /// Contact aliases and group names for the To field.
    private func completions(_ account: String, _ services: AppServices) throws -> [String] {
        try addressBook(account, services).completionNames
    }

    // MARK: Forms

    private func formPane(account: String, thread: String, attachment: AttachmentInfo, services: AppServices) throws
        -> FormPane
    {
        guard let path = attachment.storedPath else {
            throw PaneUnavailable("\(attachment.name) is not downloaded yet (the sync fetches it)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaneUnavailable("cannot read \(attachment.name) at \(path)")
        }
        let spec: FormSpec
        do {
            spec = try FormSpec.parse(data)
        } catch {
            throw PaneUnavailable("\(attachment.name) is not a form quire can fill: \(error)")
        }
        let (summary, _) = try loadThread(services.reader, account, thread)
        let directory = services.home.dataDirectory.appendingPathComponent("filled-forms", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return FormPane(
            account: account, threadID: thread, subject: summary.subject, formName: attachment.name, spec: spec,
            ffn: attachment.ffn, directory: directory)
    }
}

/// Why a pane could not be opened; the text goes on the status line.
struct PaneUnavailable: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
