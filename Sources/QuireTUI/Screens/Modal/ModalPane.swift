import Foundation
import QuireCore
import QuireRender

/// A pane that takes the screen below the top bar until it closes: the composer, the address
/// book, a form being filled.
///
/// The app reads keys through the bindings of ``keyContext``, hands the pane the commands they
/// name and the text no binding claimed, and carries out the ``AppRequest``s it returns. A pane
/// never touches the store or the network, so it can be driven and drawn in tests alone.
public protocol ModalPane {
    /// The bindings section this pane's keys are read from.
    var keyContext: KeyContext { get }
    /// What the top bar and status line call this pane (`Compose`, `Address book`).
    var title: TerminalSafeText { get }
    /// Applies a bound command.
    mutating func handle(_ command: Command) -> PaneOutcome
    /// Takes text that no binding claimed: typed characters.
    mutating func insert(_ text: String) -> PaneOutcome
    /// Takes a bracketed paste; by default as typed text on one line (line ends as spaces).
    mutating func paste(_ pasted: PastedText) -> PaneOutcome
    /// Receives the result of a request this pane made (the editor's text, a send failure).
    mutating func complete(_ request: AppRequest, with result: RequestResult)
    /// Draws the whole pane into `canvas`.
    func draw(in canvas: Canvas)
    /// Where the terminal cursor goes, relative to `canvas`; nil hides it.
    func cursor(in canvas: Canvas) -> CursorPosition?
    /// Whether a completed request finished the pane (a message queued, a filled form handed to
    /// the composer): ``complete(_:with:)`` cannot return ``PaneOutcome/close``, so the app
    /// checks this after calling it and removes the pane when it is true.
    var isFinished: Bool { get }
    /// What would be lost if the process ended now, for the app to autosave as a draft; nil
    /// when nothing would (the pane shows nothing typed, or it was saved or sent).
    var unsavedWork: UnsavedWork? { get }
}

extension ModalPane {
    public var isFinished: Bool { false }
    public var unsavedWork: UnsavedWork? { nil }

    public mutating func paste(_ pasted: PastedText) -> PaneOutcome {
        insert(pasted.singleLine)
    }
}

/// What a pane asks of the app after a key.
public enum PaneOutcome: Sendable, Equatable {
    /// The pane used the key; redraw it.
    case handled
    /// Not the pane's business (the app may show "unbound key").
    case ignored
    /// The pane is finished; the app removes it.
    case close
    /// The app must carry out a request, then call ``ModalPane/complete(_:with:)``.
    case request(AppRequest)
}

/// Work only the app can do: it owns the client core and the terminal.
public enum AppRequest: Sendable, Hashable {
    /// Queue a new thread or reply (``Draft/threadID`` set) in the outbox; works offline.
    case send(Draft)
    /// Save a draft to resume later.
    case saveDraft(Draft)
    /// Delete a saved draft.
    case discardDraft(account: String, id: String)
    /// Edit `text` in `$VISUAL`/`$EDITOR`; answered with ``RequestResult/text(_:)``.
    case editExternally(text: String)
    /// Open a composer prefilled with this draft (address book `c`, a filled form's reply).
    case compose(Draft)
    /// Accept a pending ping or group invite.
    case acceptNotice(id: Int64)
    /// Dismiss a pending ping or group invite.
    case ignoreNotice(id: Int64)
    /// Block or unblock a contact.
    case setBlocked(Bool, account: String, alias: String)
    /// Ping an alias with a short note.
    case ping(account: String, alias: String, text: String)
    /// Leave a group.
    case leaveGroup(account: String, gid: String)
    /// Drop a member from a group.
    case dropMember(account: String, gid: String, alias: String)
    /// Close the pane and open message `msgid` of `thread` in the reader (a results row).
    case openMessage(account: String, thread: String, msgid: String)
    /// Open another pane in place of this one (the form library's results of a family).
    case openPane(PaneRequest)
    /// Write `contents` (a table of `rowCount` rows) to the file at `path`, replacing it.
    case export(path: String, contents: Data, rowCount: Int)
}

/// How the app answers a request.
public enum RequestResult: Sendable, Hashable {
    /// Done; the text goes on the status line.
    case done(TerminalSafeText)
    /// The text an external editor returned.
    case text(String)
    /// Refused or failed; the reason goes on the status line as an error.
    case failed(TerminalSafeText)
}
