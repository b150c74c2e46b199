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
            let counts = try await Self.unreadCounts(options)
            let output = Output(json: options.json)
            unread = counts.reduce(0) { $0 + $1.unreadMessages }
            output.object([
                "unread": unread,
                "accounts": counts.map {
                    ["name": $0.account, "unreadThreads": $0.unreadThreads, "unreadMessages": $0.unreadMessages]
                },
            ])
            for count in counts { output.line(Self.line(count)) }
        }
        if unread == 0 { throw ExitCode(1) }
    }

    /// One account's line of the text output (the short path writes the same).
    static func line(_ count: UnreadCount) -> String {
        "\(count.account): \(count.unreadMessages) unread in \(count.unreadThreads) threads"
    }

    /// The counts, read on the short path: the store opened read-only with no migrations, one row
    /// an account. A store that needs migrating (or is not there yet) goes the usual way.
    private static func unreadCounts(_ options: GlobalOptions) async throws -> [UnreadCount] {
        let home: QuireHome
        do {
            home = try QuireHome.resolve(explicitHome: options.home)
        } catch {
            throw CommandFailure("\(error)")
        }
        if let counts = UnreadCountsProbe.read(path: home.databaseURL.path) {
            return counts
        }
        return try await CommandContext(options).store.unreadCounts()
    }
}
