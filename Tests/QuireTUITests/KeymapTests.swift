import Testing

@testable import QuireTUI

@Suite("Keymap")
struct KeymapTests {
    @Test("the shipped default file parses and binds vim keys and arrows")
    func defaults() throws {
        let keymap = try KeymapParser.parse(DefaultBindings.text, file: DefaultBindings.fileName)
        #expect(keymap == Keymap.defaults)
        #expect(keymap.command(for: [.character("j")], in: .list) == .move(.down))
        #expect(keymap.command(for: [Key(.down)], in: .list) == .move(.down))
        #expect(keymap.command(for: try KeyNotation.parse("g g"), in: .list) == .move(.first))
        #expect(keymap.command(for: [.character("q")], in: .list) == .quit)
        #expect(keymap.command(for: [.character("q")], in: .reader) == .close)
        #expect(keymap.command(for: [.character("q")], in: .composer) == nil)
        #expect(keymap.command(for: [.control("w")], in: .prompt) == .edit(.deleteWordBackward))
        #expect(keymap.command(for: try KeyNotation.parse("<C-x> y"), in: .composer) == .send)
        #expect(keymap.command(for: [.character("t")], in: .list) == .commandLine(prefill: "tag "))
        for context in KeyContext.allCases where context != .global {
            #expect(!keymap.bindings(in: context).isEmpty)
        }
    }

    @Test("a user file overrides, adds and unbinds on top of the defaults")
    func userFile() throws {
        let user = try KeymapParser.parse(
            """
            # mine
            [global]
            Q = quit   # capital Q too
            q =
            [list]
            x = tag "#todo"
            unbind j
            <C-n> = down
            """, file: "binds.conf")
        var keymap = Keymap.defaults
        keymap.apply(user)
        #expect(keymap.command(for: [.character("Q")], in: .list) == .quit)
        #expect(keymap.command(for: [.character("q")], in: .list) == nil)
        #expect(keymap.command(for: [.character("q")], in: .reader) == .close)
        #expect(keymap.command(for: [.character("x")], in: .list) == .tag("#todo"))
        #expect(keymap.command(for: [.character("j")], in: .list) == nil)
        #expect(keymap.command(for: [.character("j")], in: .reader) == .move(.down))
        #expect(keymap.command(for: [.control("n")], in: .list) == .move(.down))
        #expect(keymap.keys(for: .move(.down), in: .list) == [[.control("n")], [Key(.down)]])
    }

    @Test("an unbinding in a pane hides the global binding only there")
    func paneUnbind() throws {
        let keymap = try KeymapParser.parse("[global]\nc = compose\n[reader]\nc =\n", file: "b")
        #expect(keymap.command(for: [.character("c")], in: .reader) == nil)
        #expect(keymap.command(for: [.character("c")], in: .list) == .compose(to: nil))
    }

    @Test(
        "every kind of error names the file and line",
        arguments: [
            ("[nowhere]\nj = down", 1, "unknown context [nowhere]"),
            ("j = down", 1, "binding before any [context] section"),
            ("[list]\n\njust words", 3, "expected `keys = command`"),
            ("[list]\n<C-d = down", 2, "unclosed `<`"),
            ("[list]\n<Q-x> = down", 2, "unknown modifier"),
            ("[list]\n<Nope> = down", 2, "unknown key `<Nope>`"),
            ("[list]\nj = dwon", 2, "unknown command `dwon`"),
            ("[list]\nj = tag", 2, "usage: tag <tag>"),
            ("[list]\nj = follow-link x", 2, "expects a number"),
            ("[list]\nj = quit now", 2, "takes no arguments"),
            ("[list]\nj = tag \"open", 2, "unclosed quote"),
            ("[list]\n = down", 2, "empty key sequence"),
        ])
    func errors(text: String, line: Int, message: String) throws {
        let error = try #require(throws: KeymapError.self) { try KeymapParser.parse(text, file: "/home/u/binds.conf") }
        let problem = try #require(error.problems.first)
        #expect(problem.line == line)
        #expect(problem.description.hasPrefix("/home/u/binds.conf:\(line): "))
        #expect(problem.description.contains(message))
    }

    @Test("all problems are reported, not only the first; lines under a bad section are skipped")
    func allProblems() throws {
        let error = try #require(throws: KeymapError.self) {
            try KeymapParser.parse("[list]\nj = nope\nk = nope\n[bad]\nx = nope\n[reader]\n<X> = down\n", file: "f")
        }
        #expect(error.problems.map(\.line) == [2, 3, 4, 7])
        #expect(error.description.split(separator: "\n").count == 4)
    }

    @Test("comments: whole lines and after a space; a # inside quotes or as <Hash> is kept")
    func comments() throws {
        let keymap = try KeymapParser.parse("[list]\n# x = quit\n<Hash> = tag \"#a b\" # note\n", file: "f")
        #expect(keymap.command(for: [.character("#")], in: .list) == .tag("#a b"))
        #expect(keymap.command(for: [.character("x")], in: .list) == nil)
    }

    @Test("CRLF files read the same")
    func crlf() throws {
        let keymap = try KeymapParser.parse("[list]\r\nj = down\r\n", file: "f")
        #expect(keymap.command(for: [.character("j")], in: .list) == .move(.down))
    }
}
