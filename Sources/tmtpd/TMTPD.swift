import ArgumentParser
import Logging

@main
struct TMTPD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmtpd",
        abstract: "The TMTP server.",
        subcommands: [
            Serve.self, UserCommand.self, InviteCommand.self, StatsCommand.self, BackupCommand.self,
            RestoreCommand.self, CheckConfigCommand.self,
        ]
    )
}

/// The data directory and store options every admin command shares.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The server's data directory.")
    var dataDirectory: String
    @Option(help: ArgumentHelp("The server's --store, when it is not SQLite in --data-dir.", valueName: "url"))
    var store: String?

    /// The store, opened beside a running server (nothing of its work in flight is touched).
    func openStore() async throws -> OpenedStore {
        try await OpenedStore.open(
            url: store, dataDirectory: dataDirectory, serving: false, logger: Logger(label: "tmtpd"))
    }
}
