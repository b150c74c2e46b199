import QuireCore

/// What the app asks a ``ModalPaneProvider`` to open.
public enum PaneRequest: Sendable, Hashable {
    /// A composer for a new thread or a reply, prefilled from `draft`.
    case compose(Draft)
    /// The address book of an account.
    case addressBook(account: String)
    /// A form attached to a message, to fill in and send back as a reply.
    case fillForm(account: String, thread: String, msgid: String, attachment: AttachmentInfo)
}

/// Builds the modal panes (composer, address book, forms) the app presents. Called on the UI
/// thread; a provider that needs data reads it with ``BlockingAsync``. Returning nil leaves
/// the screen as it was, with a status-line message.
public protocol ModalPaneProvider: Sendable {
    func pane(for request: PaneRequest, services: AppServices) -> (any ModalPane)?
}
