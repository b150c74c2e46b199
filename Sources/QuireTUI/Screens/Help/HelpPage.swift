import QuireRender

/// The `?` page: the live bindings of the pane help was asked from (and `[global]` under
/// them), the query syntax of the search prompt, and every `:` command, generated from the
/// keymap and command table in use so it never disagrees with what the keys do.
enum HelpPage {
    static func lines(keymap: Keymap, context: KeyContext, topic: String?) -> [DisplayLine] {
        var result: [DisplayLine] = []
        switch topic {
        case "search":
            result += searchSyntax
        case "commands":
            result += commands
        default:
            result += KeyHelp.lines(for: keymap, in: context)
            if context.inheritsGlobal {
                result.append(DisplayLine())
                result.append(
                    DisplayLine([
                        DisplaySpan(UIText("(Keys of [global] apply here too, unless rebound above.)"), .rowDetail)
                    ]))
            }
            result.append(DisplayLine())
            result += searchSyntax
            result.append(DisplayLine())
            result += commands
        }
        return result
    }

    private static func heading(_ text: UIText) -> DisplayLine {
        DisplayLine([DisplaySpan(text, .header, attributes: .bold)])
    }

    private static func entry(_ left: String, _ right: String) -> DisplayLine {
        DisplayLine([
            DisplaySpan(Truncation.fit(TerminalSafeText(sanitising: left), width: 22), .tag),
            DisplaySpan(TerminalSafeText(sanitising: " " + right), .row),
        ])
    }

    static let searchSyntax: [DisplayLine] = [
        heading("Search (/): every term must match"),
        DisplayLine(),
        entry("word", "the word in subject, body, sender or recipients"),
        entry("\"a phrase\"", "these words, in this order"),
        entry("-word  -from:x", "exclude what the term matches"),
        entry("from:alias", "sent by this alias or uid"),
        entry("to:alias", "sent to this contact or group"),
        entry("tag:name  #name", "a private tag or a hashtag"),
        entry("is:unread  is:read", "by read state"),
        entry("before:2026-11-01", "posted before that day"),
        entry("after:2026-11-01", "posted on or after that day"),
        entry("site:name", "from this account or site (without it: the site on screen)"),
    ]

    static let commands: [DisplayLine] = {
        var lines = [heading("Commands (:), Tab completes"), DisplayLine()]
        for spec in CommandLineParser.specs where !spec.name.contains("cursor") {
            lines.append(entry(spec.usage, spec.summary))
        }
        return lines
    }()
}
