import QuireRender

/// The `?` help page: the live bindings of a context, generated from the keymap in use, so
/// help never disagrees with what the keys do.
public enum KeyHelp {
    /// One line per binding: keys, command, and what the command does; sorted by command.
    public static func lines(for keymap: Keymap, in context: KeyContext, keyColumn: Int = 14) -> [DisplayLine] {
        var lines = [
            DisplayLine([DisplaySpan(TerminalSafeText(sanitising: "Keys in [\(context.name)]"), .header)]),
            DisplayLine(),
        ]
        for binding in keymap.bindings(in: context) {
            let keys = TerminalSafeText(sanitising: KeyNotation.format(binding.keys))
            let command = TerminalSafeText(sanitising: binding.command.description)
            let name = CommandLineParser.format(binding.command).split(separator: " ").first.map(String.init) ?? ""
            let summary = CommandLineParser.spec(named: name)?.summary ?? ""
            lines.append(
                DisplayLine([
                    DisplaySpan(Truncation.fit(keys, width: keyColumn), .tag),
                    DisplaySpan(TerminalSafeText(sanitising: " "), .row),
                    DisplaySpan(command, .rowUnread),
                    DisplaySpan(TerminalSafeText(sanitising: summary.isEmpty ? "" : "  " + summary), .rowDetail),
                ]))
        }
        return lines
    }
}
