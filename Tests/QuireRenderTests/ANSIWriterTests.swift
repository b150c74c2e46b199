import Testing

@testable import QuireRender

@Suite struct ANSIWriterTests {
    @Test func plainOutputHasNoEscape() {
        let document = render("# Hi\n\n**bold** [x](https://x.test)")
        let output = ANSIWriter().write(document)
        #expect(!output.utf8.contains(0x1B))
        #expect(output.hasPrefix("Hi\n══\n"))
    }

    @Test func colourUsesSGRForTheDepth() {
        let line = StyledLine([StyledSpan(TerminalSafeText(sanitising: "a"), style: Style(.error))])
        let trueColour = ANSIWriter(theme: .default, colourDepth: .trueColour).write(line)
        #expect(trueColour == "\u{1B}[0;1;38;2;255;95;95ma\u{1B}[0m")
        let palette = ANSIWriter(theme: .default, colourDepth: .indexed256).write(line)
        #expect(palette == "\u{1B}[0;1;38;5;203ma\u{1B}[0m")
        let sixteen = ANSIWriter(theme: .default, colourDepth: .standard16).write(line)
        #expect(sixteen == "\u{1B}[0;1;91ma\u{1B}[0m")
        let mono = ANSIWriter(theme: .mono, colourDepth: .trueColour).write(line)
        #expect(mono == "\u{1B}[0;1;7ma\u{1B}[0m")
    }

    @Test func hyperlinksOnlyForFollowableWebLinks() {
        let options = RenderOptions(colour: true, osc8Hyperlinks: true)
        let document = render("[a](https://x.test/p) [b](javascript:x) [c](#0000018c2d5e4f10)", options: options)
        let output = ANSIWriter(options: options).write(document)
        #expect(output.contains("\u{1B}]8;;https://x.test/p\u{1B}\\"))
        #expect(!output.contains("\u{1B}]8;;javascript"))
        #expect(!output.contains("\u{1B}]8;;#"))
        let off = ANSIWriter(options: RenderOptions(colour: true)).write(document)
        #expect(!off.contains("\u{1B}]8"))
    }

    @Test func hyperlinkURLsArePrintableASCII() {
        let options = RenderOptions(colour: true, osc8Hyperlinks: true)
        let document = render("[a](<https://x.test/a b&#27;]0;t&#7;>)", options: options)
        let output = ANSIWriter(options: options).write(document)
        #expect(output.contains("\u{1B}]8;;https://x.test/a%20b%1B]0;t%07\u{1B}\\"))
    }
}
