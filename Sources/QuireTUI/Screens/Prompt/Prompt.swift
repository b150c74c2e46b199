import QuireCore

/// The one-line prompt at the bottom: a `:` command, a `/` search, a link number, or a step
/// of adding a site.
struct Prompt {
    enum Kind: Equatable {
        case command
        case search
        case followLink
        /// Adding a site: the answers so far (name, address, alias, invite code), the next one
        /// asked for.
        case addSite(answers: [String])
        /// Adding a site that signs people in with several providers: which one, by number or label
        /// (0: register without signing in, where the site allows it).
        case signInProvider(account: String, options: [SignInOption])
        /// Adding a site that signs people in: the address the browser ended on, pasted.
        case signInRedirect
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
            case 1: "site address (=host:port, +host:port, or the site's invite link tmtp://...): "
            case 2: "your alias (8 or more characters; Enter to pick one later): "
            default: "invite code (Enter when the site is open to all): "
            }
        case .signInProvider(_, let options):
            UIText(
                sanitising: "sign in with "
                    + options.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: ", ")
                    + " (its number; 0 registers without signing in where the site allows; Esc cancels): ")
        case .signInRedirect: "paste the address the browser ends on (or wait for it; Esc cancels): "
        }
    }
}
