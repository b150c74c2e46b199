import ArgumentParser
import Foundation
import QuireCore

/// `quire search`: the query language of quire-search(7), newest first, paged.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search messages (see quire-search(7) for the query language).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The query.") var query: [String]
    @Option(help: "Hits per page.") var limit = 50
    @Option(help: "The `next` cursor of the previous page.") var after: String?

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let parsed: SearchQuery
            do {
                parsed = try SearchQuery(parsing: query.joined(separator: " "))
            } catch {
                throw CommandFailure("\(error)")
            }
            var cursor: SearchCursor?
            if let after {
                guard let value = SearchCursor(after) else { throw CommandFailure("invalid --after cursor \(after)") }
                cursor = value
            }
            let page = try await context.store.search(parsed, limit: limit, after: cursor)
            context.output.object([
                "hits": page.hits.map {
                    [
                        "account": $0.account, "thread": $0.threadID, "msgid": $0.msgid, "from": $0.fromAlias,
                        "fromUid": $0.fromUID, "posted": $0.posted, "subject": $0.subject, "read": $0.isRead,
                    ]
                },
                "next": page.next.map(\.description).orNull,
            ])
            for hit in page.hits {
                context.output.line(
                    "\(hit.isRead ? " " : "*") \(hit.threadID)&\(hit.msgid)  \(hit.account)  \(hit.posted)  "
                        + "\(hit.fromAlias): \(hit.subject)")
            }
            if let next = page.next { context.output.line("more: --after \(next)") }
        }
    }
}

/// `quire tag`: adds (`+tag`) and removes (`-tag`) private tags of a thread.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Add (+tag) and remove (-tag) private tags of a thread.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var account: AccountOption
    @Argument(help: "The thread id.") var thread: String
    @Argument(parsing: .allUnrecognized, help: "+tag to add, -tag to remove.") var changes: [String] = []

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let summary = try await context.client.locate(thread: thread, account: account.name)
            guard !changes.isEmpty else { throw CommandFailure("give +tag or -tag") }
            for change in changes {
                guard let sign = change.first, sign == "+" || sign == "-", change.count > 1 else {
                    throw CommandFailure("\"\(change)\": write +tag to add or -tag to remove")
                }
                try await context.client.setTag(
                    String(change.dropFirst()), added: sign == "+", account: summary.account, thread: summary.id)
            }
            let tags = try await context.store.thread(account: summary.account, id: summary.id)?.tags ?? []
            context.output.object(["account": summary.account, "thread": summary.id, "tags": tags])
            context.output.line("\(summary.id): \(tags.joined(separator: " "))")
        }
    }
}
