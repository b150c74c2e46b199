/// Lets the options every command takes (`--home DIR`, `--json`) come before the subcommand, as
/// `git -C DIR log` does.
///
/// The parser reads anything before a subcommand name as options of the default `ui` command, so
/// `quire --home DIR account add …` would be refused by `ui`. Global options found before the first
/// subcommand name are moved to the end of the arguments (before a `--`), where the subcommand
/// parses them and names itself in any error. Nothing moves when no subcommand follows them, so
/// `quire --home DIR` still opens the ui and `--help` or completion requests are left alone.
enum GlobalArguments {
    /// Options with a value, and flags, that every command taking `GlobalOptions` understands.
    static let valueOptions: Set<String> = ["--home"]
    static let flags: Set<String> = ["--json"]

    static func rearranged(_ arguments: [String], subcommands: Set<String>) -> [String] {
        var lifted: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if subcommands.contains(argument) {
                guard !lifted.isEmpty else { return arguments }
                var rest = Array(arguments[index...])
                let end = rest.firstIndex(of: "--") ?? rest.endIndex
                rest.insert(contentsOf: lifted, at: end)
                return rest
            }
            if flags.contains(argument) || valueOptions.contains(where: { argument.hasPrefix($0 + "=") }) {
                lifted.append(argument)
                index += 1
            } else if valueOptions.contains(argument), index + 1 < arguments.endIndex {
                lifted.append(contentsOf: arguments[index...(index + 1)])
                index += 2
            } else {
                return arguments
            }
        }
        return arguments
    }
}
