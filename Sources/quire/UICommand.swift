import ArgumentParser
import Foundation
import QuireCore
import QuireTUI

/// `quire` (or `quire ui`): the terminal client.
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the terminal client (what `quire` alone does).",
        discussion: """
            Reads $XDG_CONFIG_HOME/quire/config.toml (quire-config(5)) and binds.conf \
            (quire-binds(5)). With no accounts it opens a welcome screen.
            """
    )

    @Option(name: .long, help: "The Quire home directory (default: $QUIRE_HOME, else the XDG directories).")
    var home: String?

    @Option(name: .long, help: "Show this account's tab first.")
    var account: String?

    @Flag(name: .long, help: "Do not connect to the sites; read what the store holds.")
    var offline = false

    func run() async throws {
        try await runReportingErrors {
            let resolved: QuireHome
            do {
                resolved = try QuireHome.resolve(explicitHome: home)
            } catch {
                throw CommandFailure("\(error)")
            }
            let environment = ProcessInfo.processInfo.environment
            // Log lines go to quire.log in the data directory while the screen is the app's.
            try? FileManager.default.createDirectory(at: resolved.dataDirectory, withIntermediateDirectories: true)
            let redirect = StandardErrorRedirect(
                toFile: resolved.dataDirectory.appendingPathComponent("quire.log").path)
            if redirect != nil { CommandLogging.keepInfo() }
            defer { redirect?.restore() }
            try await runQuireApp(
                home: resolved,
                options: QuireAppOptions(
                    initialAccount: account, startSync: !offline,
                    shippedThemesDirectory: ThemeCommand.shippedDirectory(),
                    environment: environment))
        }
    }
}
