import QuireCore

/// What the app asks a ``ModalPaneProvider`` to open.
public enum PaneRequest: Sendable, Hashable {
    /// A composer prefilled from `draft`: a new thread (`c`), or what the address book or a
    /// filled form prepared.
    case compose(Draft)
    /// A saved draft reopened as it was saved: closing it unchanged asks nothing.
    case resumeDraft(Draft)
    /// A post into a thread, quoting message `msgid` when given: every member of a TMTP thread
    /// receives what is posted in it, so this is reply-all (`R`).
    case reply(account: String, thread: String, msgid: String?)
    /// A reply to the author of message `msgid` (or of the thread's last message) alone (`r`):
    /// a new thread to that person, quoting the message and linking back to the thread. When
    /// the thread holds only you and the author, or you wrote the message, it is ``reply``.
    case replyToSender(account: String, thread: String, msgid: String?)
    /// A new thread carrying message `msgid` of `thread` under a forward banner.
    case forward(account: String, thread: String, msgid: String)
    /// The address book of an account.
    case addressBook(account: String)
    /// A form attached to a message, to fill in and send back as a reply.
    case fillForm(account: String, thread: String, msgid: String, attachment: AttachmentInfo)
    /// The results table of a form family in an account.
    case formResults(account: String, family: String)
    /// The blank forms of the home's library, for an account's results.
    case formLibrary(account: String)
}

/// Builds the modal panes (composer, address book, forms) the app presents. Called on the UI
/// thread; a provider that needs data reads it through ``AppServices/reader``. Throwing leaves the
/// screen as it was, with the error on the status line.
public protocol ModalPaneProvider: Sendable {
    func pane(for request: PaneRequest, services: AppServices) throws -> any ModalPane

    /// `pane` brought up to date after the store or presence changed (the address book), or
    /// nil when it shows nothing that changes.
    func refreshed(_ pane: any ModalPane, services: AppServices) -> (any ModalPane)?
}

extension ModalPaneProvider {
    public func refreshed(_ pane: any ModalPane, services: AppServices) -> (any ModalPane)? { nil }
}
