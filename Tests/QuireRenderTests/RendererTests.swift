import Testing

@testable import QuireRender

/// Behaviour of individual constructs, checked on the plain text of the rendering.
@Suite struct RendererTests {
    func lines(_ markdown: String, width: Int = 60) -> [String] {
        render(markdown, options: RenderOptions(width: width)).plainLines
    }

    @Test func headingsAreUnderlinedOrPrefixed() {
        #expect(lines("# Title") == ["Title", "═════"])
        #expect(lines("## Sub") == ["Sub", "───"])
        #expect(lines("### Third") == ["### Third"])
    }

    @Test func paragraphsWrapAtTheWidth() {
        let text = String(repeating: "word ", count: 40)
        let rendered = lines(text, width: 23)
        #expect(rendered.allSatisfy { $0.count <= 23 })
        #expect(rendered.first == "word word word word")
    }

    @Test func quotesGetABarPerLevel() {
        #expect(lines("> a\n>> b") == ["│ a", "│", "│ │ b"])
    }

    @Test func listsAreNestedWithMarkers() {
        #expect(lines("- a\n  - b\n- c") == ["• a", "  ◦ b", "• c"])
        #expect(lines("9. nine\n10. ten") == [" 9. nine", "10. ten"])
        #expect(lines("- [x] done\n- [ ] open") == ["[x] done", "[ ] open"])
    }

    @Test func codeIsVerbatimAndWrappedWithAMarker() {
        let code = "```\n" + String(repeating: "x", count: 50) + "\n  indented  spaces\n```"
        let rendered = lines(code, width: 30)
        #expect(rendered[0] == "  " + String(repeating: "x", count: 27) + "↩")
        #expect(rendered[1] == "  " + String(repeating: "x", count: 23))
        #expect(rendered[2] == "    indented  spaces")
        var options = RenderOptions(width: 30)
        options.codeOverflow = .clip
        let clipped = render(code, options: options).plainLines
        #expect(clipped[0] == "  " + String(repeating: "x", count: 27) + "→")
        #expect(clipped[1] == "    indented  spaces")
    }

    @Test func rawHTMLIsLiteral() {
        #expect(lines("<b>bold?</b> no") == ["<b>bold?</b> no"])
        #expect(lines("<div>\nblock\n</div>") == ["  <div>", "  block", "  </div>"])
    }

    @Test func thematicBreakSpansTheWidth() {
        #expect(lines("a\n\n---\n\nb", width: 12) == ["a", "", String(repeating: "─", count: 12), "", "b"])
    }

    @Test func hardAndSoftBreaks() {
        #expect(lines("one\ntwo") == ["one two"])
        #expect(lines("one\\\ntwo") == ["one", "two"])
    }

    @Test func emphasisCarriesAttributes() {
        let document = render("*a* **b** ~~c~~ `d`")
        let styles = document.lines[0].spans.map(\.style)
        #expect(styles.contains(Style(.emphasis, attributes: .italic)))
        #expect(styles.contains(Style(.strong, attributes: .bold)))
        #expect(styles.contains(Style(.strike, attributes: .strikethrough)))
        #expect(styles.contains(Style(.code)))
    }

    @Test func oversizedInputIsCutWithANotice() {
        let big = String(repeating: "line of text\n", count: 1000)
        let document = render(big, options: RenderOptions(maximumInputBytes: 1300))
        #expect(document.notices.contains(.inputTruncated(totalBytes: big.utf8.count, renderedBytes: 1300)))
        #expect(document.plainLines.last?.contains("only the first 1300") == true)
    }

    @Test func deepNestingIsFlattenedWithANotice() {
        let deep = String(repeating: ">", count: 500) + " deep"
        let document = render(deep, options: RenderOptions(width: 40))
        #expect(document.notices.contains(.nestingFlattened(maximum: 32)))
        #expect(document.plainLines.contains { $0.contains("deep") })
        #expect(document.lines.allSatisfy { $0.width() <= 40 })
    }

    @Test func pathologicalInputsRenderQuickly() {
        // Inputs known to make Markdown parsers slow; each must finish (the fuzzer and the
        // benchmark measure speed; this only proves they complete).
        let inputs = [
            String(repeating: "[", count: 50_000),
            String(repeating: "*a", count: 50_000),
            String(repeating: "> ", count: 50_000) + "x",
            String(repeating: "- ", count: 20_000) + "x",
            String(repeating: "|a", count: 5_000) + "\n" + String(repeating: "|-", count: 5_000),
            String(repeating: "![[]()", count: 20_000),
            String(repeating: "<a ", count: 30_000),
            String(repeating: "`", count: 30_000) + "x",
        ]
        for input in inputs {
            let document = render(input, options: RenderOptions(width: 50))
            #expect(document.lines.allSatisfy { $0.width() <= 50 })
        }
    }

    @Test func bracketsPastTheCapAreEscaped() {
        #expect(Renderer.escapingBrackets(after: 2, in: "[[[x[") == "[[\\[x\\[")
        #expect(Renderer.escapingBrackets(after: 2, in: "[[x") == nil)
        let input = String(repeating: "[", count: Renderer.maximumBrackets + 1)
        let document = render(input, options: RenderOptions(width: 100))
        #expect(document.notices.contains(.bracketsLimited(maximum: Renderer.maximumBrackets)))
        #expect(!document.plainLines.joined().contains("\\"))
    }

    @Test func tablesShowAtMostTheColumnCap() {
        let columns = 100
        let markdown =
            String(repeating: "|h", count: columns) + "|\n" + String(repeating: "|-", count: columns) + "|\n"
            + String(repeating: "|v", count: columns) + "|"
        let lines = render(markdown, options: RenderOptions(width: 60)).plainLines
        #expect(lines.filter { $0 == "h: v" }.count == TableRenderer.maximumColumns)
    }

    @Test func rowsWithThousandsOfColumnsAreText() {
        let markdown = String(repeating: "|h", count: 3000) + "|\n" + String(repeating: "|-", count: 3000) + "|"
        let document = render(markdown, options: RenderOptions(width: 60))
        #expect(document.lines.allSatisfy { $0.width() <= 60 })
        #expect(document.plainLines.first?.hasPrefix("|h|h|") == true)
    }

    @Test func slidesAreCapped() {
        let markdown = String(repeating: ":::\nx\n", count: DeckSplitter.maximumSlides + 10)
        #expect(render(markdown).slides.count == DeckSplitter.maximumSlides)
    }
}
