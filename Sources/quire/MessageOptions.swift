import ArgumentParser

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

/// `--queue`, in every command that sends.
struct QueueOption: ParsableArguments {
    @Flag(name: .customLong("queue"), help: "Only queue it; it goes out with the next `quire sync`.")
    var only = false
}
