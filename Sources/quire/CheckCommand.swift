import ArgumentParser
import QuireCore

/// `quire check`: unread counts from the store, with an exit code for scripts (like `neomutt -Z`).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show unread counts; exit 0 when there is unread mail, 1 when none, 2 on error.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        var unread = 0
        try await runReportingErrors(failureCode: 2) {
            let context = try CommandContext(options)
            let counts = try await context.store.unreadCounts()
            unread = counts.reduce(0) { $0 + $1.unreadMessages }
            context.output.object([
                "unread": unread,
                "accounts": counts.map {
                    ["name": $0.account, "unreadThreads": $0.unreadThreads, "unreadMessages": $0.unreadMessages]
                },
            ])
            for count in counts {
                context.output.line(
                    "\(count.account): \(count.unreadMessages) unread in \(count.unreadThreads) threads")
            }
        }
        if unread == 0 { throw ExitCode(1) }
    }
}
