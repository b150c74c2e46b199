import ArgumentParser
import Foundation
import QuireTUI

/// `quire theme`: the colour themes of the terminal client.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "List or print the terminal client's themes (quire-themes(5)).",
        subcommands: [Print.self, List.self]
    )

    /// The `Themes/` folder shipped next to the binary (`../share/quire/Themes`), when present.
    static func shippedDirectory() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [
            executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "share/quire/Themes"),
            executable.deletingLastPathComponent().appendingPathComponent("Themes"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }?.path
    }

    static func catalog() -> ThemeCatalog {
        ThemeCatalog.standard(shippedDirectory: shippedDirectory(), environment: ProcessInfo.processInfo.environment)
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a theme file (the user's copy if there is one), to copy and edit.")

        @Argument(help: "The theme's name.")
        var name = "default"

        func run() throws {
            let catalog = ThemeCommand.catalog()
            // The file itself when there is one, comments and all; else the built-in theme.
            for directory in catalog.directories.reversed() where !name.contains("/") {
                let path = directory + "/" + name + ".toml"
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    print(text, terminator: "")
                    return
                }
            }
            do {
                let theme = try catalog.theme(named: name)
                print(UIThemeFile.format(theme), terminator: "")
            } catch {
                FileHandle.standardError.write(Data("quire: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the themes quire can find.")

        func run() {
            for name in ThemeCommand.catalog().availableNames() { print(name) }
        }
    }
}
