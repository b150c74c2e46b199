import ArgumentParser
import QuireTUI

/// `quire binds print`: the shipped, commented key bindings.
struct BindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binds",
        abstract: "Print the default key bindings (quire-binds(5)).",
        subcommands: [Print.self]
    )

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the shipped bindings file, to copy into ~/.config/quire/binds.conf.")

        func run() {
            print(DefaultBindings.text, terminator: "")
        }
    }
}
