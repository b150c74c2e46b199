import ArgumentParser
import QuireCore

/// `--account NAME`, in every command that acts for one account or lists some.
struct AccountOption: ParsableArguments {
    @Option(
        name: .customLong("account"),
        help: "The account: the one to act for, or the only one to list (default: the only one, or all).")
    var name: String?
}

/// `--body-file` and `--attach`, in every command that writes a message.
struct ContentOptions: ParsableArguments {
    @Option(name: .customLong("body-file"), help: "The Markdown body: a file, or - for standard input.")
    var bodyFile: String?

    @Option(parsing: .upToNextOption, help: "Files to attach.") var attach: [String] = []
}

/// `--form`, in the commands that send a new message.
struct FormOption: ParsableArguments {
    @Option(
        name: .customLong("form"),
        help: "A blank form of the library to attach and show in the body (FAMILY or FAMILY.REVISION); repeatable.")
    var forms: [String] = []

    /// The `--form` names, checked.
    func formNames() throws -> [FormName] {
        try forms.map { try FormName(parsing: $0) }
    }
}

/// `--queue`, in every command that sends.
struct QueueOption: ParsableArguments {
    @Flag(name: .customLong("queue"), help: "Only queue it; it goes out with the next `quire sync`.")
    var only = false
}
