import QuireRender
import Testing

@testable import QuireDemo

struct DemoPersonaTests {
    @Test func answersQuoteTheMessageAndRenderCleanly() {
        let renderer = Renderer(options: RenderOptions(width: 60))
        for persona in [DemoPersona.ada, .grace] {
            let body = "Hi there! Is this thing on?\nSecond line."
            let answer = persona.answer(to: body, from: "you-demo", count: 0)
            #expect(answer.hasPrefix("> Hi there! Is this thing on?"))
            #expect(answer != persona.answer(to: body, from: "you-demo", count: 1), "answers should vary")
            let document = renderer.render(answer)
            #expect(document.notices.isEmpty)
            let roles = document.lines.flatMap { $0.spans.map(\.style.role) }
            #expect(!roles.contains(.error))
            #expect(roles.contains(persona.style == .table ? .tableBorder : .chartSeries(1)))
        }
    }

    @Test func emptyMessagesStillGetAValidAnswer() {
        let document = Renderer().render(DemoPersona.grace.answer(to: "", from: "you-demo", count: 3))
        #expect(!document.lines.flatMap { $0.spans.map(\.style.role) }.contains(.error))
    }

    @Test func wordsAreCounted() {
        let words = MessageWords("How many words are in this message?")
        #expect(words.all.count == 7)
        #expect(words.questionCount == 1)
        #expect(words.lengthBuckets == [3, 3, 1])
        #expect(words.longest == "message")
    }

    @Test func defaultAliasIsLongEnoughAndAvoidsTheDemoPeople() {
        #expect(DemoWorld.defaultAlias(avoiding: [], environment: ["USER": "margaret.hamilton"]) == "margaret.hamilton")
        #expect(DemoWorld.defaultAlias(avoiding: [], environment: ["USER": "root"]) == "root-demo")
        #expect(DemoWorld.defaultAlias(avoiding: [], environment: [:]) == "you-demo")
        #expect(
            DemoWorld.defaultAlias(avoiding: ["ada.lovelace"], environment: ["USER": "ada.lovelace"])
                == "ada.lovelace-you")
    }
}
