import ArgumentParser
import Foundation
import QuireCore

/// `quire draft`: messages saved to finish later, as new threads or replies.
struct DraftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft", abstract: "Save, list, show, send and delete drafts.",
        subcommands: [Save.self, List.self, Show.self, Send.self, Delete.self])

    static func json(_ draft: Draft) -> [String: Any] {
        [
            "id": draft.id, "account": draft.account, "thread": draft.threadID.orNull, "to": draft.recipients,
            "subject": draft.subject, "body": draft.body, "attachments": draft.attachments,
            "updated": Outgoing.timestamp(draft.updated),
        ]
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a draft: a new thread (--to, --subject) or a reply (--thread); --id updates one.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var account: AccountOption
        @Option(help: "The draft to update.") var id: String?
        @Option(help: "The thread replied to.") var thread: String?
        @Option(parsing: .upToNextOption, help: "Contact aliases and group ids.") var to: [String] = []
        @Option(help: "The subject.") var subject: String?
        @OptionGroup var content: ContentOptions

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                var draft: Draft
                if let id {
                    let name = try await context.account(account.name).name
                    guard let existing = try await context.store.draft(account: name, id: id) else {
                        throw CommandFailure("no draft \(id) in \(name) (see `quire draft list`)")
                    }
                    draft = existing
                } else if let thread {
                    let summary = try await context.client.locate(thread: thread, account: account.name)
                    draft = Draft(account: summary.account, threadID: summary.id, subject: summary.subject)
                } else {
                    draft = Draft(account: try await context.account(account.name).name)
                }
                if !to.isEmpty { draft.recipients = to }
                if let subject { draft.subject = subject }
                if content.bodyFile != nil || id == nil { draft.body = try BodyInput.read(content.bodyFile) }
                if !content.attach.isEmpty { draft.attachments = content.attach.map { URL(fileURLWithPath: $0).path } }
                draft.updated = Date()
                try await context.store.saveDraft(draft)
                context.output.object(["draft": DraftCommand.json(draft)])
                context.output.line("saved draft \(draft.id)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List drafts, newest first.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var account: AccountOption

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let accounts = try await context.accounts(account.name)
                var drafts: [Draft] = []
                for account in accounts { drafts += try await context.store.drafts(account: account.name) }
                drafts.sort { $0.updated > $1.updated }
                context.output.object(["drafts": drafts.map(DraftCommand.json)])
                for draft in drafts {
                    let what =
                        draft.threadID.map { "reply to \($0)" } ?? "to \(draft.recipients.joined(separator: ", "))"
                    context.output.line("\(draft.id)  \(draft.account)  \(draft.subject)  (\(what))")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a draft.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The draft id.") var id: String

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let draft = try await DraftCommand.find(id, account: account.name, context: context)
                context.output.object(["draft": DraftCommand.json(draft)])
                context.output.line("Draft:   \(draft.id) (\(draft.account))")
                if let thread = draft.threadID { context.output.line("Thread:  \(thread)") }
                if !draft.recipients.isEmpty {
                    context.output.line("To:      \(draft.recipients.joined(separator: ", "))")
                }
                context.output.line("Subject: \(draft.subject)")
                for file in draft.attachments { context.output.line("Attach:  \(file)") }
                context.output.line("")
                context.output.line(draft.body)
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a draft; it is deleted once the site acknowledges it.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The draft id.") var id: String
        @OptionGroup var queue: QueueOption

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let draft = try await DraftCommand.find(id, account: account.name, context: context)
                let item = try await context.client.send(draft: draft.id, account: draft.account)
                try await SendCommand.finish(item, context: context, network: network, queueOnly: queue.only)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a draft.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The draft id.") var id: String

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let draft = try await DraftCommand.find(id, account: account.name, context: context)
                try await context.store.deleteDraft(account: draft.account, id: draft.id)
                context.output.object(["deleted": draft.id, "account": draft.account])
                context.output.line("deleted draft \(draft.id)")
            }
        }
    }

    /// A draft by id, in the named account or whichever account holds it.
    static func find(_ id: String, account: String?, context: CommandContext) async throws -> Draft {
        let names = try await context.accounts(account).map(\.name)
        for name in names {
            if let draft = try await context.store.draft(account: name, id: id) { return draft }
        }
        throw CommandFailure("no draft \(id) (see `quire draft list`)")
    }
}
