import QuireRender

/// What a first run shows: there are no sites yet. It explains sites, contacts, threads and
/// keys, and offers to add a site or to try the demo.
enum WelcomeScreen {
    /// The welcome page's own keys, before the bindings: `a` adds a site, `q` quits.
    static func command(for key: Key) -> Command? {
        switch key {
        case .character("a"): .addSite
        case .character("q"): .quit
        default: nil
        }
    }

    static let lines: [DisplayLine] = [
        heading("Welcome to quire"),
        DisplayLine(),
        text("quire reads and writes TMTP threads from the terminal."),
        DisplayLine(),
        heading("Sites"),
        text("  A site is a TMTP server you have an account on. Each site gets a tab in the top bar,"),
        text("  with its unread count and whether quire is online, connecting or offline."),
        heading("Contacts"),
        text("  People you write to. Ping an alias to ask them to become a contact; their"),
        text("  pings and group invitations wait in the address book (A) until you accept."),
        heading("Threads"),
        text("  A thread is a conversation: a first message and its replies, in Markdown, with"),
        text("  tables, slide decks, charts, forms and attachments. New threads are tagged #Todo."),
        heading("Keys"),
        text("  j/k move, Enter opens, q goes back or quits, / searches, : runs a command,"),
        text("  ? shows every key. Everything works offline: sending queues in the outbox."),
        DisplayLine(),
        DisplayLine([
            DisplaySpan(UIText("  a"), .tag, attributes: .bold),
            DisplaySpan(UIText("  add a site (a name, the site address =host:port, your alias)"), .row),
        ]),
        DisplayLine([
            DisplaySpan(UIText("  q"), .tag, attributes: .bold),
            DisplaySpan(UIText("  quit"), .row),
        ]),
        DisplayLine(),
        text("Just looking? Run `quire demo` for a site with people who answer."),
    ]

    private static func heading(_ label: UIText) -> DisplayLine {
        DisplayLine([DisplaySpan(label, .header, attributes: .bold)])
    }

    private static func text(_ label: UIText) -> DisplayLine {
        DisplayLine([DisplaySpan(label, .row)])
    }
}
