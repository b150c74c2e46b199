import ArgumentParser

@main
struct TMTPD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmtpd",
        abstract: "The TMTP server.",
        subcommands: []
    )
}
