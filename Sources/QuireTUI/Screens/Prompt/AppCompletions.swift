/// Argument candidates for `:` completion that only the app knows (views, tags, themes,
/// sorts), read once when Tab is pressed.
struct AppCompletions: ArgumentCompletionProvider {
    var views: [String]
    var tags: [String]
    var themes: [String]
    var sorts: [String]

    func candidates(forCommand name: String, argumentIndex index: Int, prefix: String) -> [String] {
        guard index == 0 else { return [] }
        switch name {
        case "view": return views.filter { $0.hasPrefix(prefix) }
        case "tag", "untag": return tags.filter { $0.hasPrefix(prefix) }
        case "theme": return themes.filter { $0.hasPrefix(prefix) }
        case "sort": return sorts.filter { $0.hasPrefix(prefix) }
        default: return []
        }
    }
}
