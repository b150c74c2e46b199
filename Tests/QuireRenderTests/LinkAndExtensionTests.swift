import Testing

@testable import QuireRender

@Suite struct LinkAndExtensionTests {
    @Test func webLinksAreNumberedWithTheRealHost() {
        let document = render("[docs](https://Example.com/a) and [https://bank.test](https://evil.test/x)")
        #expect(document.plainLines[0] == "docs[1\u{A0}example.com] and https://bank.test[2\u{A0}evil.test]")
        #expect(document.links.map(\.number) == [1, 2])
        #expect(document.links[0].kind == .web(url: "https://Example.com/a", host: "example.com"))
        #expect(document.links.allSatisfy { $0.isFollowable })
        #expect(document.plainLines.suffix(2) == ["[1] https://Example.com/a", "[2] https://evil.test/x"])
    }

    @Test func userinfoDoesNotHideTheHost() {
        let document = render("[paypal](https://paypal.com@evil.test/)")
        #expect(document.links[0].kind == .web(url: "https://paypal.com@evil.test/", host: "evil.test"))
    }

    @Test func autolinksShowOnlyTheNumber() {
        let document = render("see https://example.org/x now")
        #expect(document.plainLines[0] == "see https://example.org/x[1] now")
    }

    @Test func onlyAllowedSchemesAreFollowable() {
        let document = render("[a](javascript:alert(1)) [b](file:///etc/passwd) [c](mailto:x@y.test) [d](rel/path)")
        #expect(document.links.map(\.isFollowable) == [false, false, true, false])
        #expect(document.plainLines.contains("[1] javascript:alert(1) (not followable)"))
    }

    @Test func repeatedDestinationsShareANumber() {
        let document = render("[a](https://x.test) [b](https://x.test)")
        #expect(document.links.count == 1)
    }

    @Test func messageAndThreadLinks() {
        let document = render("[msg](#0000018c2d5e4f10&0000018c2d9a7700) [thr](#0000018c2d5e4f10) [x](#intro)")
        #expect(document.links[0].kind == .message(thread: "0000018c2d5e4f10", message: "0000018c2d9a7700"))
        #expect(document.links[1].kind == .thread("0000018c2d5e4f10"))
        #expect(document.links[2].kind == .other)
        #expect(document.plainLines[0] == "msg[1\u{A0}message] thr[2\u{A0}thread] x[3]")
    }

    @Test func attachmentsAreNumbered() {
        let document = render("[r](0000018c2d9a7700_u:report%20final.pdf) ![pic](this_u:q3.png) [f](this_r:form.a)")
        #expect(document.attachments.count == 3)
        #expect(document.attachments[0].owner == .message("0000018c2d9a7700"))
        #expect(document.attachments[0].name.string == "report final.pdf")
        #expect(document.attachments[1].owner == .thisMessage)
        #expect(document.attachments[2].kind == .filledForm)
        #expect(document.plainLines[0] == "r[a1] [image a2: pic - q3.png] f[a3]")
    }

    @Test func blankFormsArePlaceholdersAndRepeatsAreIgnored() {
        let document = render("![?Survey](this_f:survey.original) ![?](this_f:survey.original)")
        #expect(document.forms.count == 1)
        #expect(document.forms[0].label.string == "Survey")
        #expect(document.forms[0].attachment.kind == .form)
        #expect(document.plainLines[0] == "[form 1: Survey]")
        #expect(document.notices == [.duplicateForm("this_f:survey.original")])
    }

    @Test func hashtagsAreStyledAndReported() {
        let document = render("#alpha and #Beta-2, not #1 or a#b or `#code`; #alpha again; #日本")
        #expect(document.hashtags == ["alpha", "Beta-2", "日本"])
        let tagged = document.lines[0].spans.filter { $0.style.role == .hashtag }.map(\.text.string)
        #expect(tagged == ["#alpha", "#Beta-2", "#alpha", "#日本"])
    }

    @Test func slidesArePagesAndAllSlidesAreInline() {
        let document = render("intro\n:::\none\n:::\ntwo\n:::>\noutro", options: RenderOptions(width: 30))
        #expect(document.decks.count == 1)
        #expect(document.slides.count == 2)
        #expect(document.slides[0].map(\.plainText) == ["───────── slide 1/2 ──────────", "one"])
        #expect(document.slides[1].map(\.plainText).last == "two")
        let deck = document.decks[0]
        #expect(
            document.lines[deck.lineRange].map(\.plainText) == document.slides[0].map(\.plainText) + [""]
                + document.slides[1].map(\.plainText))
        #expect(document.plainLines.first == "intro")
        #expect(document.plainLines.last == "outro")
    }

    @Test func deckMarkersInsideCodeAreText() {
        let document = render("```\n:::\n```")
        #expect(document.decks.isEmpty)
    }

    /// Found by the fuzzer: slide pages at the narrowest width were not fitted.
    @Test func slidePagesFitNarrowWidths() {
        let document = render(":::\n## Slide title that is long\n:::\nx", options: RenderOptions(width: 10))
        #expect(document.slides.count == 2)
        #expect(document.slides.allSatisfy { page in page.allSatisfy { $0.width() <= 10 } })
        #expect(document.slides[0][0].plainText == "── 1/2 ───")
    }
}
