import Testing

@testable import QuireTUI

@Suite("KeySequenceMatcher")
struct KeySequenceMatcherTests {
    func matcher(_ text: String) throws -> KeySequenceMatcher {
        KeySequenceMatcher(keymap: try KeymapParser.parse("[list]\n" + text, file: "t"), context: .list)
    }

    func feed(_ matcher: inout KeySequenceMatcher, _ notation: String) throws -> [KeySequenceMatcher.Action] {
        try KeyNotation.parse(notation).flatMap { matcher.feed($0) }
    }

    @Test("a single key runs at once; a sequence waits for its last key")
    func sequences() throws {
        var matcher = try matcher("j = down\ng g = first\n")
        #expect(try feed(&matcher, "j") == [.run(.move(.down))])
        #expect(try feed(&matcher, "g") == [])
        #expect(matcher.pending == [.character("g")])
        #expect(try feed(&matcher, "g") == [.run(.move(.first))])
        #expect(!matcher.isPending)
    }

    @Test("a broken sequence hands its keys back and the next key is read afresh")
    func brokenSequence() throws {
        var matcher = try matcher("j = down\ng g = first\n")
        #expect(try feed(&matcher, "g j") == [.unbound([.character("g")]), .run(.move(.down))])
        #expect(try feed(&matcher, "x") == [.unbound([.character("x")])])
    }

    @Test("when a binding is also a prefix, the next key decides (no timeout)")
    func prefixAndBinding() throws {
        var matcher = try matcher("g = last\ng g = first\nj = down\n")
        #expect(try feed(&matcher, "g") == [])
        #expect(try feed(&matcher, "g") == [.run(.move(.first))])
        #expect(try feed(&matcher, "g j") == [.run(.move(.last)), .run(.move(.down))])
        #expect(try feed(&matcher, "g") == [])
        #expect(matcher.flush() == [.run(.move(.last))])
        #expect(matcher.flush() == [])
    }

    @Test("three-key sequences and a shared prefix")
    func longer() throws {
        var matcher = try matcher("<C-x> a b = quit\n<C-x> c = redraw\n")
        #expect(try feed(&matcher, "<C-x> a") == [])
        #expect(try feed(&matcher, "b") == [.run(.quit)])
        #expect(try feed(&matcher, "<C-x> c") == [.run(.redraw)])
        #expect(
            try feed(&matcher, "<C-x> a z") == [
                .unbound([.control("x"), .character("a")]), .unbound([.character("z")]),
            ])
        var reset = matcher
        _ = try feed(&reset, "<C-x>")
        reset.reset()
        #expect(try feed(&reset, "c") == [.unbound([.character("c")])])
    }

    @Test("the default list bindings: g g, g t, and arrows")
    func defaults() throws {
        var matcher = KeySequenceMatcher(keymap: .defaults, context: .list)
        #expect(try feed(&matcher, "g g") == [.run(.move(.first))])
        #expect(try feed(&matcher, "g t") == [.run(.nextSite)])
        #expect(try feed(&matcher, "<Down> <PgDn>") == [.run(.move(.down)), .run(.move(.pageDown))])
    }
}
