import QuireRender
import Testing

@testable import QuireTUI

@Suite("RenderCache")
struct RenderCacheTests {
    @Test("a message is rendered once a width, and again when its text changes (a form's file arrived)")
    func rendersAgainWhenTheTextChanges() {
        let cache = RenderCache()
        let key = RenderCache.Key(account: "home", msgid: "m1", width: 60, theme: "default", ambiguousWide: false)
        let theme = UITheme.default.document
        let first = cache.document(for: key, markdown: "Mine.", theme: theme)
        _ = cache.document(for: key, markdown: "Mine.", theme: theme)
        #expect(cache.renders == 1)
        let answers = cache.document(for: key, markdown: "Mine.\n\n**Answers to tea.original**", theme: theme)
        #expect(cache.renders == 2)
        #expect(answers.lines.count > first.lines.count)
        _ = cache.document(for: key, markdown: "Mine.\n\n**Answers to tea.original**", theme: theme)
        #expect(cache.renders == 2)
    }

    @Test("the oldest entries go past the capacity; rendering one again does not count it twice")
    func capacity() {
        let cache = RenderCache(capacity: 2)
        let theme = UITheme.default.document
        func key(_ msgid: String) -> RenderCache.Key {
            RenderCache.Key(account: "home", msgid: msgid, width: 60, theme: "default", ambiguousWide: false)
        }
        _ = cache.document(for: key("a"), markdown: "a", theme: theme)
        _ = cache.document(for: key("a"), markdown: "a changed", theme: theme)
        _ = cache.document(for: key("b"), markdown: "b", theme: theme)
        _ = cache.document(for: key("a"), markdown: "a changed", theme: theme)
        #expect(cache.renders == 3, "a is still kept: it was one entry, not two")
        _ = cache.document(for: key("c"), markdown: "c", theme: theme)
        _ = cache.document(for: key("a"), markdown: "a changed", theme: theme)
        #expect(cache.renders == 5, "c pushed the oldest, a, out")
    }
}
