/// Supplies the values an argument can take that only the app knows: tag names, saved views,
/// theme files, contacts.
public protocol ArgumentCompletionProvider {
    /// Candidates for argument `index` (0 is the first argument) of command `name`, all
    /// starting with `prefix`.
    func candidates(forCommand name: String, argumentIndex index: Int, prefix: String) -> [String]
}

/// Completes `:` command lines: command names first, then arguments through the built-in
/// lists and an ``ArgumentCompletionProvider``.
public struct CommandCompleter {
    /// What completing offers: replace the text from `offset` (a character offset) to the end
    /// of the line with one of `candidates`.
    public struct Completion: Sendable, Hashable {
        public var offset: Int
        public var candidates: [String]

        /// The longest text every candidate starts with, to insert on a first Tab.
        public var commonPrefix: String {
            guard var prefix = candidates.first else { return "" }
            for candidate in candidates.dropFirst() {
                while !candidate.hasPrefix(prefix) { prefix.removeLast() }
            }
            return prefix
        }
    }

    public var provider: (any ArgumentCompletionProvider)?

    public init(provider: (any ArgumentCompletionProvider)? = nil) {
        self.provider = provider
    }

    /// Argument values quire knows without the app.
    public static let builtInArguments: [String: [String]] = [
        "help": ["keys", "commands", "search", "tour"],
        "sort": ["date", "oldest", "sender", "subject", "unread"],
        "view": ["All", "Unread", "#Todo"],
        "theme": ["default", "light", "mono"],
    ]

    /// Completes the word at the end of `line`.
    public func complete(_ line: String) -> Completion {
        let leading = line.first == ":" ? 1 : 0
        let body = String(line.dropFirst(leading))
        let tokens = (try? CommandLineParser.tokenize(body)) ?? []
        let endsInSpace = body.last == " " || body.last == "\t"
        let length = body.count
        // The word being completed, and its index among the words.
        let wordIndex = endsInSpace || tokens.isEmpty ? tokens.count : tokens.count - 1
        let prefix = endsInSpace || tokens.isEmpty ? "" : tokens[tokens.count - 1].text
        let offset = endsInSpace || tokens.isEmpty ? length : tokens[tokens.count - 1].offset
        if wordIndex == 0 {
            let names = CommandLineParser.specs.map(\.name).filter { $0.hasPrefix(prefix) }
            return Completion(offset: offset + leading, candidates: names)
        }
        let name = tokens[0].text
        guard let spec = CommandLineParser.spec(named: name) else {
            return Completion(offset: offset + leading, candidates: [])
        }
        var candidates = (CommandCompleter.builtInArguments[spec.name] ?? []).filter { $0.hasPrefix(prefix) }
        if let provider {
            for candidate in provider.candidates(forCommand: spec.name, argumentIndex: wordIndex - 1, prefix: prefix)
            where candidate.hasPrefix(prefix) && !candidates.contains(candidate) {
                candidates.append(candidate)
            }
        }
        return Completion(offset: offset + leading, candidates: candidates.map(CommandLineParser.quote))
    }
}
