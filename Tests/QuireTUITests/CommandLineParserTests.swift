import Testing

@testable import QuireTUI

@Suite("CommandLineParser")
struct CommandLineParserTests {
    @Test("commands with and without arguments, aliases and a leading colon")
    func parsing() throws {
        #expect(try CommandLineParser.parse("quit") == .quit)
        #expect(try CommandLineParser.parse(":q") == .quit)
        #expect(try CommandLineParser.parse("help") == .help(topic: nil))
        #expect(try CommandLineParser.parse("help keys") == .help(topic: "keys"))
        #expect(try CommandLineParser.parse("tag   todo") == .tag("todo"))
        #expect(try CommandLineParser.parse("tag \"two words\"") == .tag("two words"))
        #expect(try CommandLineParser.parse("search from:bob  hello world") == .search(query: "from:bob hello world"))
        #expect(try CommandLineParser.parse("save-attachment 2") == .saveAttachment(2, path: nil))
        #expect(try CommandLineParser.parse("save-attachment 2 '~/a b.pdf'") == .saveAttachment(2, path: "~/a b.pdf"))
        #expect(try CommandLineParser.parse("half-page-down") == .move(.halfPageDown))
        #expect(try CommandLineParser.parse("delete-word-backward") == .edit(.deleteWordBackward))
        #expect(try CommandLineParser.parse("command-line \"tag \"") == .commandLine(prefill: "tag "))
    }

    @Test("errors say what is wrong")
    func errors() {
        #expect(throws: CommandLineError("empty command")) { try CommandLineParser.parse("  ") }
        #expect(throws: CommandLineError("`quit` takes no arguments")) { try CommandLineParser.parse("quit now") }
        #expect(throws: CommandLineError("usage: tag <tag>")) { try CommandLineParser.parse("tag a b") }
        #expect(throws: CommandLineError("`site` expects a number, got `x`")) { try CommandLineParser.parse("site x") }
        #expect(throws: CommandLineError("unclosed quote")) { try CommandLineParser.parse("tag 'x") }
        #expect(throws: CommandLineError("unknown command `rep` (did you mean `reply`, `reply-all`?)")) {
            try CommandLineParser.parse("rep")
        }
    }

    @Test("every command formats to a line that parses back to it")
    func roundTrip() throws {
        var samples: [Command] = [
            .help(topic: "keys"), .commandLine(prefill: "tag "), .search(query: "a \"b\" c"), .theme(name: "light"),
            .site(2), .view(name: "#Todo"), .sort(key: "date"), .compose(to: "bob@example"), .tag("a b"),
            .untag("x"), .followLink(3), .openAttachment(1), .saveAttachment(4, path: "/tmp/x y"), .fillForm(1),
            .attach(path: "~/f.txt"), .ping(address: "=host:1/ann"),
        ]
        for spec in CommandLineParser.specs where spec.arguments == .none || spec.arguments == .optional("topic") {
            samples.append(try spec.make([]))
        }
        for spec in CommandLineParser.specs
        where spec.arguments == .optional("address") || spec.arguments == .restOfLine("query") {
            samples.append(try spec.make([]))
        }
        for command in samples {
            #expect(try CommandLineParser.parse(command.description) == command, "\(command)")
        }
        #expect(samples.count > 60)
    }

    @Test("quoting survives backslashes and quotes")
    func quoting() throws {
        let word = #"say "hi" \ bye"#
        let tokens = try CommandLineParser.tokenize("x " + CommandLineParser.quote(word))
        #expect(tokens.map(\.text) == ["x", word])
        #expect(tokens.map(\.offset) == [0, 2])
    }
}

@Suite("CommandCompleter")
struct CommandCompleterTests {
    struct Tags: ArgumentCompletionProvider {
        func candidates(forCommand name: String, argumentIndex index: Int, prefix: String) -> [String] {
            name == "tag" && index == 0 ? ["todo", "travel", "two words"].filter { $0.hasPrefix(prefix) } : []
        }
    }

    @Test("command names complete by prefix")
    func names() {
        let completer = CommandCompleter()
        let completion = completer.complete(":rep")
        #expect(completion.candidates == ["reply", "reply-all"])
        #expect(completion.offset == 1)
        #expect(completion.commonPrefix == "reply")
        #expect(completer.complete("").candidates.count == CommandLineParser.specs.count)
    }

    @Test("arguments complete from built-in lists and the app's provider")
    func arguments() {
        let completer = CommandCompleter(provider: Tags())
        #expect(completer.complete("sort s").candidates == ["sender", "subject"])
        #expect(completer.complete("sort s").offset == 5)
        #expect(completer.complete("tag t").candidates == ["todo", "travel", "\"two words\""])
        #expect(completer.complete("tag ").candidates.count == 3)
        #expect(completer.complete("tag ").offset == 4)
        #expect(completer.complete("theme l").candidates == ["light"])
        #expect(completer.complete("nosuch x").candidates.isEmpty)
    }
}
