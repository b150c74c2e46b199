import ArgumentParser
import Foundation

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A keyboard-driven terminal client for TMTP.",
        version: "0.1.0",
        subcommands: [
            AccountCommand.self, SyncCommand.self, CheckCommand.self, ThreadsCommand.self, ReadCommand.self,
            SendCommand.self, ReplyCommand.self, PingCommand.self, ContactsCommand.self, AcceptCommand.self,
            BlockCommand.self, GroupCommand.self, SearchCommand.self, TagCommand.self, RenderCommand.self,
            DemoCommand.self, ForwardCommand.self, DraftCommand.self, UICommand.self, ThemeCommand.self,
            BindsCommand.self, FormCommand.self,
        ],
        defaultSubcommand: UICommand.self
    )

    static func main() async {
        if let code = QuickCheck.run(Array(CommandLine.arguments.dropFirst())) {
            Foundation.exit(code)
        }
        CommandLogging.bootstrap(environment: ProcessInfo.processInfo.environment)
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        await main(GlobalArguments.rearranged(Array(CommandLine.arguments.dropFirst()), subcommands: names))
    }
}
