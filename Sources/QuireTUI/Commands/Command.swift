/// Everything a key binding or the `:` command line can ask the app to do.
///
/// Commands are data: panes decide what each one means where they are (``move(_:)`` moves the
/// list cursor in the thread list and scrolls in the reader). Each has one spelling, the one
/// ``CommandLineParser`` reads and ``description`` writes.
public enum Command: Sendable, Hashable, CustomStringConvertible {
    // The app.
    case quit
    case suspend
    case redraw
    case help(topic: String?)
    case commandLine(prefill: String?)
    case search(query: String?)
    case searchNext
    case searchPrevious
    case theme(name: String)
    case toggleMouse

    // Moving around.
    case move(Motion)
    case open
    case close
    case nextSite
    case previousSite
    case site(Int)
    case view(name: String)
    case sort(key: String)
    case addressBook
    case addSite

    // Threads and messages.
    case compose(to: String?)
    /// Reopens a saved draft in the composer: the latest, or the one with this id.
    case resumeDraft(id: String?)
    case reply
    case replyAll
    case forward
    case tag(String)
    case untag(String)
    case toggleRead
    case markRead
    case markUnread
    case mark
    case nextMessage
    case previousMessage
    case nextSlide
    case previousSlide
    case allSlides
    case linkHints
    case followLink(Int)
    case openAttachment(Int)
    case saveAttachment(Int, path: String?)
    /// Fills in form N of the message; without N, its only form (several: asks which).
    case fillForm(Int?)

    // The composer.
    case send
    case saveDraft
    case editInEditor
    case attach(path: String)
    /// Attaches a blank form of the library by name (`family` or `family.revision`).
    case attachForm(name: String)
    case preview

    // The address book.
    case accept
    case ignore
    case block
    case ping(address: String)

    // Forms: the library and the results tables.
    /// Opens the results table of a form family: this one, else the focused message's form.
    case results(family: String?)
    /// Opens the form library of the site on screen.
    case forms
    /// Moves the table's current column left (-1) or right (1).
    case moveColumn(Int)
    /// Sorts the table by its current column; again reverses the order.
    case sortColumn
    /// Shows only the rows with this text in a cell; nil or empty shows every row.
    case filter(String?)
    /// Writes the table to a file: JSON when the name ends in `.json`, else CSV.
    case export(path: String)

    // Editing inside a prompt or the composer.
    case edit(EditAction)

    public var description: String { CommandLineParser.format(self) }
}
