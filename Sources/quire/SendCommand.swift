import ArgumentParser
import Foundation
import QuireCore

/// `quire send`: starts a thread.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Start a thread with contacts and groups, and send it.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @OptionGroup var account: AccountOption
    @Option(parsing: .upToNextOption, help: "Contact aliases and group ids.") var to: [String]
    @Option(help: "The subject.") var subject: String
    @OptionGroup var content: ContentOptions
    @OptionGroup var form: FormOption
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let account = try await context.account(account.name)
            let item = try await context.client.newThread(
                account: account.name, to: to, subject: subject, body: try BodyInput.read(content.bodyFile),
                attachments: content.attach.map { URL(fileURLWithPath: $0) }, forms: try form.formNames())
            try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
        }
    }

    /// Sends a queued row (unless only queueing) and reports it.
    static func finish(_ item: OutboxItem, context: CommandContext, network: NetworkOptions, queueOnly: Bool)
        async throws
    {
        var result = item
        if !queueOnly {
            result =
                try await SiteSession(context: context, account: item.account, timeout: network.duration)
                .deliver([item.id]).first ?? item
        }
        let thread = result.post == nil ? nil : result.post?.threadID ?? result.msgid
        context.output.object([
            "id": result.id, "account": result.account, "state": result.state.rawValue,
            "msgid": result.msgid.orNull, "posted": result.posted.orNull, "thread": thread.orNull,
        ])
        if result.state == .sent {
            context.output.line("sent \(result.msgid ?? result.id)" + (thread.map { " in thread \($0)" } ?? ""))
        } else {
            context.output.line("queued \(result.id)")
        }
    }
}

/// `quire reply`: replies to everyone on a thread.
struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reply", abstract: "Reply to all on a thread.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "The thread id.") var thread: String
    @OptionGroup var account: AccountOption
    @OptionGroup var content: ContentOptions
    @OptionGroup var form: FormOption
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let summary = try await context.client.locate(thread: thread, account: account.name)
            let item = try await context.client.reply(
                account: summary.account, thread: summary.id, body: try BodyInput.read(content.bodyFile),
                attachments: content.attach.map { URL(fileURLWithPath: $0) }, forms: try form.formNames())
            try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
        }
    }
}

/// `quire ping`: a short note asking an alias to become a contact.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping", abstract: "Ping an alias with a short note (at most 140 characters).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @OptionGroup var account: AccountOption
    @Option(help: "The alias to ping.") var to: String
    @Option(help: "The note.") var text = ""
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let account = try await context.account(account.name)
            let item = try await context.client.ping(account: account.name, alias: to, text: text)
            try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
        }
    }
}

/// Reads a message body from a file, standard input (`-`), or nothing.
enum BodyInput {
    static func read(_ path: String?) throws -> String {
        guard let path else {
            // Piped input is the body; an interactive terminal means no body.
            return isatty(STDIN_FILENO) == 1 ? "" : readStandardInput()
        }
        return String(decoding: try InputFile.read(path), as: UTF8.self)
    }

    private static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}
