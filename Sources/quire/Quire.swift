import ArgumentParser

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A keyboard-driven terminal client for TMTP.",
        subcommands: [RenderCommand.self]
    )
}
