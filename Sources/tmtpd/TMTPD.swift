import ArgumentParser

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

/// The data directory option every admin command shares.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The server's data directory.")
    var dataDirectory: String
}
