import ArgumentParser
import Foundation
import QuireCore

/// `quire read`: prints a thread and marks it read.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Print a thread and mark it read.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The thread id.") var thread: String
    @OptionGroup var account: AccountOption
    @Flag(help: "Leave the thread unread.") var keepUnread = false

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let summary = try await context.client.locate(thread: thread, account: account.name)
            let messages = try await context.store.messages(account: summary.account, thread: summary.id)
            context.output.object([
                "thread": ThreadsCommand.json(summary), "messages": messages.map(Self.json),
            ])
            context.output.line("Subject: \(summary.subject)")
            context.output.line("Thread:  \(summary.id) (\(summary.account))")
            for message in messages {
                context.output.line("")
                context.output.line("From: \(message.fromAlias) <\(message.fromUID)>  \(message.posted)")
                let to = message.recipients.map(\.alias).joined(separator: ", ")
                if !to.isEmpty { context.output.line("Cc:   \(to)") }
                context.output.line("Id:   #\(message.threadID)&\(message.msgid)")
                if let mark = message.forwardedBy {
                    let forwarder = mark.replacingOccurrences(of: StoredMessage.confirmFailed, with: "")
                    context.output.line(
                        "Forwarded by \(forwarder) " + (message.isPossiblyForged ? "[possibly forged]" : "[unverified]")
                    )
                }
                for attachment in message.attachments {
                    context.output.line(
                        "Attachment: \(attachment.name) (\(attachment.size) bytes)"
                            + (attachment.storedPath.map { " at \($0)" } ?? ""))
                }
                context.output.line("")
                // Forms read as their fields (with the answers), not as files.
                context.output.line(
                    FormDisplay.readerMarkdown(
                        body: message.body, attachments: message.attachments,
                        threadAttachments: messages.flatMap(\.attachments)))
            }
            if !keepUnread, summary.unreadCount > 0 {
                try await context.client.setRead(true, account: summary.account, thread: summary.id)
            }
        }
    }

    static func json(_ message: StoredMessage) -> [String: Any] {
        [
            "msgid": message.msgid, "thread": message.threadID, "from": message.fromAlias, "fromUid": message.fromUID,
            "posted": message.posted, "subject": message.subject, "body": message.body, "read": message.isRead,
            "state": message.state.rawValue, "forwardedBy": message.forwardedBy.orNull,
            "cc": message.recipients.map { ["alias": $0.alias, "uid": $0.uid.orNull, "group": $0.isGroup] },
            "attachments": message.attachments.map {
                ["name": $0.name, "kind": $0.kind.rawValue, "size": $0.size, "path": $0.storedPath.orNull]
            },
        ]
    }
}
