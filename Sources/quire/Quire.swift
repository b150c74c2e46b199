import ArgumentParser

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A keyboard-driven terminal client for TMTP.",
        subcommands: [
            AccountCommand.self, SyncCommand.self, CheckCommand.self, ThreadsCommand.self, ReadCommand.self,
            SendCommand.self, ReplyCommand.self, PingCommand.self, ContactsCommand.self, AcceptCommand.self,
            BlockCommand.self, GroupCommand.self, SearchCommand.self, TagCommand.self, RenderCommand.self,
            DemoCommand.self, UICommand.self, ThemeCommand.self, BindsCommand.self,
        ],
        defaultSubcommand: UICommand.self
    )
}
