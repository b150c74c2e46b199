import ArgumentParser
import Foundation
import QuireCore

/// `quire form fill`: answers a thread's form from a JSON file and replies with it.
struct FormFillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Reply in a thread with its form filled from a JSON file of answers (keyed by field model).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "The thread id.") var thread: String
    @OptionGroup var account: AccountOption
    @Option(help: "The form to fill (FAMILY.REVISION or FAMILY), when the thread carries several.") var form: String?
    @Option(help: "The answers: a JSON file, or - for standard input.") var answers: String
    @Option(
        name: .customLong("body-file"), help: "A Markdown note to go with the answers: a file, or - for standard input."
    )
    var bodyFile: String?
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let summary = try await context.client.locate(thread: thread, account: account.name)
            let data = try InputFile.read(answers)
            let item = try await context.client.fill(
                account: summary.account, thread: summary.id, form: form, answers: data,
                body: bodyFile == nil ? "" : try BodyInput.read(bodyFile))
            try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
        }
    }
}
