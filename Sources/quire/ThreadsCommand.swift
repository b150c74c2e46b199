import ArgumentParser
import Foundation
import QuireCore

/// `quire threads`: the thread list, newest activity first.
struct ThreadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "threads", abstract: "List threads, newest first.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var account: AccountOption
    @Flag(help: "Only threads with unread messages.") var unread = false
    @Option(help: "Only threads with this tag.") var tag: String?
    @Option(help: "How many threads.") var limit = 50
    @Option(help: "How many to skip.") var offset = 0

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            if let name = account.name { _ = try await context.account(name) }
            let threads = try await context.store.threads(
                ThreadQuery(account: account.name, unreadOnly: unread, tag: tag, limit: limit, offset: offset))
            context.output.object(["threads": threads.map(Self.json)])
            for thread in threads {
                let marker = thread.unreadCount > 0 ? "*" : " "
                let tags = thread.tags.isEmpty ? "" : "  [" + thread.tags.joined(separator: " ") + "]"
                context.output.line(
                    "\(marker) \(thread.id)  \(thread.account)  \(Self.day(thread.lastActivity))  "
                        + "\(thread.subject) (\(thread.messageCount))\(tags)")
            }
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func json(_ thread: ThreadSummary) -> [String: Any] {
        [
            "account": thread.account, "id": thread.id, "subject": thread.subject,
            "lastActivity": Outgoing.timestamp(thread.lastActivity), "unread": thread.unreadCount,
            "messages": thread.messageCount, "attachments": thread.hasAttachments, "tags": thread.tags,
            "hashtags": thread.hashtags,
        ]
    }
}
