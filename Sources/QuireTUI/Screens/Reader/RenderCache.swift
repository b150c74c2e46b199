import QuireRender

/// Rendered messages by message, width and theme, so scrolling and redrawing never render
/// twice; a resize or theme switch renders what is shown again, once. An entry is used only for
/// the Markdown it was rendered from: a message's text can change after it is first shown (a
/// form's file arrives and the form is shown as its fields), and then it is rendered again.
final class RenderCache {
    struct Key: Hashable {
        var account: String
        var msgid: String
        var width: Int
        var theme: String
        var ambiguousWide: Bool
    }

    private var documents: [Key: (markdown: String, document: RenderedDocument)] = [:]
    private var order: [Key] = []
    let capacity: Int
    private(set) var renders = 0

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The document for `key`, rendering `markdown` on a miss or when the entry was rendered
    /// from other Markdown.
    func document(for key: Key, markdown: String, theme: Theme) -> RenderedDocument {
        if let cached = documents[key], cached.markdown == markdown { return cached.document }
        let options = RenderOptions(
            width: key.width, theme: theme, ambiguousWide: key.ambiguousWide, listsTargets: true)
        let document = Renderer(options: options).render(markdown)
        renders += 1
        if documents.updateValue((markdown, document), forKey: key) == nil {
            order.append(key)
            if order.count > capacity { documents[order.removeFirst()] = nil }
        }
        return document
    }
}
