import QuireRender

/// Rendered messages by message, width and theme, so scrolling and redrawing never render
/// twice; a resize or theme switch renders what is shown again, once.
final class RenderCache {
    struct Key: Hashable {
        var account: String
        var msgid: String
        var width: Int
        var theme: String
        var ambiguousWide: Bool
    }

    private var documents: [Key: RenderedDocument] = [:]
    private var order: [Key] = []
    let capacity: Int
    private(set) var renders = 0

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The document for `key`, rendering `markdown` on a miss.
    func document(for key: Key, markdown: String, theme: Theme) -> RenderedDocument {
        if let cached = documents[key] { return cached }
        let options = RenderOptions(
            width: key.width, theme: theme, ambiguousWide: key.ambiguousWide, listsTargets: true)
        let document = Renderer(options: options).render(markdown)
        renders += 1
        documents[key] = document
        order.append(key)
        if order.count > capacity { documents[order.removeFirst()] = nil }
        return document
    }
}
