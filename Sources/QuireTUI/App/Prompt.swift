/// The one-line prompt at the bottom: a `:` command, a `/` search, a link number, or a step
/// of adding a site.
struct Prompt {
    enum Kind: Equatable {
        case command
        case search
        case followLink
        /// Adding a site: the answers so far (name, address), the next one asked for.
        case addSite(answers: [String])
    }

    var kind: Kind
    var editor: LineEditor

    var label: UIText {
        switch kind {
        case .command: ":"
        case .search: "/"
        case .followLink: "follow link number: "
        case .addSite(let answers):
            switch answers.count {
            case 0: "site tab name (one word): "
            case 1: "site address (=host:port or +host:port): "
            default: "your alias (8 or more characters; Enter to pick one later): "
            }
        }
    }
}
