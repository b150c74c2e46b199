import ArgumentParser
import Foundation
import QuireCore

/// `quire forward`: adds contacts or groups to a thread (PostNotify).
struct ForwardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Forward a thread to contacts or groups not on it; everyone on it is told who was added.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "The thread id.") var thread: String
    @OptionGroup var account: AccountOption
    @Option(parsing: .upToNextOption, help: "Contact aliases and group ids to add.") var to: [String]
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let summary = try await context.client.locate(thread: thread, account: account.name)
            let item = try await context.client.forward(account: summary.account, thread: summary.id, to: to)
            try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
        }
    }
}
