/// Reads and writes `:` command lines and the command side of bindings files.
///
/// A line is a command name followed by arguments separated by spaces; an argument with
/// spaces is quoted with `"` or `'`, and `\` escapes the next character inside double quotes.
public enum CommandLineParser {
    /// Every command, in the order help lists them.
    public static let specs: [CommandSpec] = appSpecs + motionSpecs + messageSpecs + composerSpecs + editSpecs

    /// The spec of a command name or alias.
    public static func spec(named name: String) -> CommandSpec? {
        specsByName[name]
    }

    /// Parses a command line (a leading `:` is allowed).
    public static func parse(_ line: String) throws(CommandLineError) -> Command {
        var text = Substring(line)
        if text.first == ":" { text = text.dropFirst() }
        let tokens = try tokenize(String(text)).map(\.text)
        guard let name = tokens.first else { throw CommandLineError("empty command") }
        guard let spec = specsByName[name] else {
            throw CommandLineError("unknown command `\(name)`" + suggestion(for: name))
        }
        let arguments = Array(tokens.dropFirst())
        switch spec.arguments {
        case .none where !arguments.isEmpty:
            throw CommandLineError("`\(spec.name)` takes no arguments")
        case .optional where arguments.count > 1:
            throw CommandLineError("usage: \(spec.usage)")
        case .required where arguments.count != 1:
            throw CommandLineError("usage: \(spec.usage)")
        case .numberThenOptional where arguments.isEmpty || arguments.count > 2:
            throw CommandLineError("usage: \(spec.usage)")
        default:
            break
        }
        if case .restOfLine = spec.arguments, !arguments.isEmpty {
            return try spec.make([arguments.joined(separator: " ")])
        }
        return try spec.make(arguments)
    }

    /// The command line that ``parse(_:)`` reads back to `command`.
    public static func format(_ command: Command) -> String {
        func line(_ name: String, _ arguments: String?...) -> String {
            ([name] + arguments.compactMap { $0 }.map(quote)).joined(separator: " ")
        }
        switch command {
        case .quit: return "quit"
        case .suspend: return "suspend"
        case .redraw: return "redraw"
        case .help(let topic): return line("help", topic)
        case .commandLine(let prefill): return line("command-line", prefill)
        case .search(let query): return line("search", query)
        case .searchNext: return "search-next"
        case .searchPrevious: return "search-previous"
        case .theme(let name): return line("theme", name)
        case .toggleMouse: return "toggle-mouse"
        case .move(let motion): return motion.rawValue
        case .open: return "open"
        case .close: return "close"
        case .nextSite: return "next-site"
        case .previousSite: return "previous-site"
        case .site(let number): return line("site", String(number))
        case .view(let name): return line("view", name)
        case .sort(let key): return line("sort", key)
        case .addressBook: return "address-book"
        case .addSite: return "add-site"
        case .compose(let address): return line("compose", address)
        case .resumeDraft(let id): return line("draft", id)
        case .reply: return "reply"
        case .replyAll: return "reply-all"
        case .forward: return "forward"
        case .tag(let tag): return line("tag", tag)
        case .untag(let tag): return line("untag", tag)
        case .toggleRead: return "toggle-read"
        case .markRead: return "mark-read"
        case .markUnread: return "mark-unread"
        case .mark: return "mark"
        case .nextMessage: return "next-message"
        case .previousMessage: return "previous-message"
        case .nextSlide: return "next-slide"
        case .previousSlide: return "previous-slide"
        case .allSlides: return "all-slides"
        case .linkHints: return "link-hints"
        case .followLink(let number): return line("follow-link", String(number))
        case .openAttachment(let number): return line("open-attachment", String(number))
        case .saveAttachment(let number, let path): return line("save-attachment", String(number), path)
        case .fillForm(let number): return line("fill-form", number.map(String.init))
        case .send: return "send"
        case .saveDraft: return "save-draft"
        case .editInEditor: return "editor"
        case .attach(let path): return line("attach", path)
        case .attachForm(let name): return line("attach-form", name)
        case .preview: return "preview"
        case .accept: return "accept"
        case .ignore: return "ignore"
        case .block: return "block"
        case .ping(let address): return line("ping", address)
        case .results(let family): return line("results", family)
        case .forms: return "forms"
        case .moveColumn(let step): return step < 0 ? "column-left" : "column-right"
        case .sortColumn: return "sort-column"
        case .filter(let text): return line("filter", text)
        case .export(let path): return line("export", path)
        case .edit(let action): return action.rawValue
        }
    }

    // MARK: Tokens

    /// A word of a command line and where it starts (a character offset).
    public struct Token: Sendable, Hashable {
        public var text: String
        public var offset: Int
    }

    /// Splits a line into words, honouring quotes.
    public static func tokenize(_ line: String) throws(CommandLineError) -> [Token] {
        var tokens: [Token] = []
        var current: String?
        var start = 0
        var quote: Character?
        var escaped = false
        for (offset, character) in line.enumerated() {
            if escaped {
                current = (current ?? "") + String(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current = (current ?? "") + String(character)
                }
                continue
            }
            switch character {
            case " ", "\t":
                if let word = current { tokens.append(Token(text: word, offset: start)) }
                current = nil
            case "\"", "'":
                if current == nil { start = offset }
                current = current ?? ""
                quote = character
            default:
                if current == nil { start = offset }
                current = (current ?? "") + String(character)
            }
        }
        if quote != nil { throw CommandLineError("unclosed quote") }
        if let word = current { tokens.append(Token(text: word, offset: start)) }
        return tokens
    }

    /// `word` quoted if it needs to be, so ``tokenize(_:)`` reads it back.
    public static func quote(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: { " \t\"'\\".contains($0) }) else { return word }
        var quoted = "\""
        for character in word {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    // MARK: Private

    private static let specsByName: [String: CommandSpec] = {
        var table: [String: CommandSpec] = [:]
        for spec in specs {
            table[spec.name] = spec
            for alias in spec.aliases { table[alias] = spec }
        }
        return table
    }()

    private static func suggestion(for name: String) -> String {
        let close = specs.map(\.name).filter { $0.hasPrefix(name) || name.hasPrefix($0) }
        return close.isEmpty ? "" : " (did you mean `\(close.prefix(3).joined(separator: "`, `"))`?)"
    }

    private static func number(_ text: String, for name: String) throws(CommandLineError) -> Int {
        guard let value = Int(text), value >= 0 else {
            throw CommandLineError("`\(name)` expects a number, got `\(text)`")
        }
        return value
    }

    private static let appSpecs: [CommandSpec] = [
        CommandSpec("quit", aliases: ["q"], "leave quire") { _ in .quit },
        CommandSpec("suspend", "stop quire and return to the shell (fg resumes)") { _ in .suspend },
        CommandSpec("redraw", "redraw the whole screen") { _ in .redraw },
        CommandSpec("help", aliases: ["h"], arguments: .optional("topic"), "show help: keys, commands, search") {
            .help(topic: $0.first)
        },
        CommandSpec("command-line", arguments: .restOfLine("text"), "open the : prompt, optionally pre-filled") {
            .commandLine(prefill: $0.first)
        },
        CommandSpec("search", arguments: .restOfLine("query"), "search, or open the / prompt") {
            .search(query: $0.first)
        },
        CommandSpec("search-next", "go to the next search match") { _ in .searchNext },
        CommandSpec("search-previous", "go to the previous search match") { _ in .searchPrevious },
        CommandSpec("theme", arguments: .required("name"), "switch to another theme") { .theme(name: $0[0]) },
        CommandSpec("toggle-mouse", aliases: ["mouse"], "turn mouse reporting on or off") { _ in .toggleMouse },
        CommandSpec("open", "open the selected thread, link or attachment") { _ in .open },
        CommandSpec("close", aliases: ["back"], "close the reader or the current pane") { _ in .close },
        CommandSpec("next-site", "show the next site's tab") { _ in .nextSite },
        CommandSpec("previous-site", "show the previous site's tab") { _ in .previousSite },
        CommandSpec("site", arguments: .required("number"), "show site tab N") { arguments throws(CommandLineError) in
            .site(try number(arguments[0], for: "site"))
        },
        CommandSpec("view", arguments: .required("name"), "show a view: All, Unread, #Todo or a saved search") {
            .view(name: $0[0])
        },
        CommandSpec("sort", arguments: .required("key"), "sort threads by date, sender, subject or unread") {
            .sort(key: $0[0])
        },
        CommandSpec("address-book", aliases: ["contacts"], "open the address book") { _ in .addressBook },
        CommandSpec("add-site", "add an account on a TMTP site") { _ in .addSite },
    ]

    private static let motionSpecs: [CommandSpec] = Motion.allCases.map { motion in
        CommandSpec(motion.rawValue, "move the cursor or scroll: \(motion.rawValue)") { _ in .move(motion) }
    }

    private static let messageSpecs: [CommandSpec] = [
        CommandSpec("compose", aliases: ["c"], arguments: .optional("address"), "write a new thread") {
            .compose(to: $0.first)
        },
        CommandSpec(
            "draft", aliases: ["resume-draft"], arguments: .optional("id"),
            "reopen a saved draft: the latest, or the one with this id (see `quire draft list`)"
        ) { .resumeDraft(id: $0.first) },
        CommandSpec("reply", "reply to the message's author alone") { _ in .reply },
        CommandSpec("reply-all", "post into the thread: everyone on it") { _ in .replyAll },
        CommandSpec("forward", "forward the message") { _ in .forward },
        CommandSpec("tag", arguments: .required("tag"), "add a tag to the thread") { .tag($0[0]) },
        CommandSpec("untag", arguments: .required("tag"), "remove a tag from the thread") { .untag($0[0]) },
        CommandSpec("toggle-read", "mark read if unread, unread if read") { _ in .toggleRead },
        CommandSpec("mark-read", "mark the thread read") { _ in .markRead },
        CommandSpec("mark-unread", "mark the thread unread") { _ in .markUnread },
        CommandSpec("mark", "mark or unmark the thread for a later command") { _ in .mark },
        CommandSpec("next-message", "go to the next message of the thread") { _ in .nextMessage },
        CommandSpec("previous-message", "go to the previous message of the thread") { _ in .previousMessage },
        CommandSpec("next-slide", "show the next slide of a deck") { _ in .nextSlide },
        CommandSpec("previous-slide", "show the previous slide of a deck") { _ in .previousSlide },
        CommandSpec("all-slides", "show every slide of the decks, or one at a time again") { _ in .allSlides },
        CommandSpec("link-hints", aliases: ["links"], "number the links of the message") { _ in .linkHints },
        CommandSpec("follow-link", aliases: ["follow"], arguments: .required("number"), "follow link N") {
            arguments throws(CommandLineError) in .followLink(try number(arguments[0], for: "follow-link"))
        },
        CommandSpec("open-attachment", arguments: .required("number"), "open attachment N with the opener") {
            arguments throws(CommandLineError) in .openAttachment(try number(arguments[0], for: "open-attachment"))
        },
        CommandSpec(
            "save-attachment", arguments: .numberThenOptional("number", "path"), "save attachment N (to a path)"
        ) { arguments throws(CommandLineError) in
            .saveAttachment(
                try number(arguments[0], for: "save-attachment"), path: arguments.count > 1 ? arguments[1] : nil)
        },
        CommandSpec("fill-form", arguments: .optional("number"), "fill in form N (the only one without N)") {
            arguments throws(CommandLineError) in
            guard let first = arguments.first else { return .fillForm(nil) }
            return .fillForm(try number(first, for: "fill-form"))
        },
    ]

    private static let composerSpecs: [CommandSpec] = [
        CommandSpec("send", "send the message (queued in the outbox when offline)") { _ in .send },
        CommandSpec("save-draft", aliases: ["postpone"], "save the message as a draft") { _ in .saveDraft },
        CommandSpec("editor", "edit the body in $VISUAL or $EDITOR") { _ in .editInEditor },
        CommandSpec("attach", arguments: .required("path"), "attach a file") { .attach(path: $0[0]) },
        CommandSpec("attach-form", arguments: .required("form"), "attach a blank form of the library (:forms)") {
            .attachForm(name: $0[0])
        },
        CommandSpec("preview", "show the message as it will be rendered") { _ in .preview },
        CommandSpec("accept", "accept the selected invitation or ping") { _ in .accept },
        CommandSpec("ignore", "ignore the selected invitation or ping") { _ in .ignore },
        CommandSpec("block", "block the sender") { _ in .block },
        CommandSpec("ping", arguments: .required("address"), "ping someone new") { .ping(address: $0[0]) },
        CommandSpec("results", arguments: .optional("family"), "show a form's results table (the message's form)") {
            .results(family: $0.first)
        },
        CommandSpec("forms", "show the form library") { _ in .forms },
        CommandSpec("column-left", "table: the column to the left") { _ in .moveColumn(-1) },
        CommandSpec("column-right", "table: the column to the right") { _ in .moveColumn(1) },
        CommandSpec("sort-column", "table: sort by the current column; again reverses") { _ in .sortColumn },
        CommandSpec("filter", arguments: .restOfLine("text"), "table: only rows with this text; none: all") {
            .filter($0.first)
        },
        CommandSpec("export", arguments: .required("path"), "table: write it as CSV, or JSON for a .json name") {
            .export(path: $0[0])
        },
    ]

    private static let editSpecs: [CommandSpec] = EditAction.allCases.map { action in
        CommandSpec(action.rawValue, "editor: \(action.rawValue.split(separator: "-").joined(separator: " "))") { _ in
            .edit(action)
        }
    }
}
