import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// Options every command takes (`--home`, `--json`) work before the subcommand too, and errors
    /// name the subcommand typed.
    @Suite("global options before the subcommand")
    struct GlobalOptionTests {
        private static func quire(_ arguments: String...) async throws -> ProcessResult {
            try await ChildProcess.run(try BuiltProducts.executable("quire"), arguments)
        }

        @Test("quire --home DIR --json account add/list reach the account commands")
        func homeBeforeSubcommand() async throws {
            let site = try await SiteProcess.start()
            defer { site.stop() }
            let user = try QuireUser(alias: "global-user")
            defer { user.remove() }
            let home = user.home.path
            let added = try await Self.quire(
                "--home", home, "--json", "account", "add", "main", "--site", site.address, "--alias", user.alias)
            #expect(added.status == 0, "\(added.stderr)")
            #expect((try added.json()["account"] as? [String: Any])?["uid"] is String)
            let listed = try await Self.quire("--home=\(home)", "account", "list", "--json")
            #expect((try listed.json()["accounts"] as? [[String: Any]])?.count == 1)
            // The same home after the subcommand, as before.
            #expect(try await user.succeed("threads", "--json").json()["schema"] as? Int == 2)
        }

        @Test("errors name the subcommand typed; --help and completion scripts still work")
        func errorsAndHelp() async throws {
            let user = try QuireUser(alias: "global-user")
            defer { user.remove() }
            let missing = try await Self.quire("--home", user.home.path, "account", "add", "main")
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("--site") || missing.stderr.contains("--invite"), "\(missing.stderr)")
            #expect(missing.stderr.contains("quire account add"), "\(missing.stderr)")
            #expect(!missing.stderr.contains("quire ui"), "\(missing.stderr)")

            let unknown = try await Self.quire("--home", user.home.path, "sync", "--no-such-option")
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("quire sync"), "\(unknown.stderr)")

            // With no subcommand the options stay the ui's: it starts in that home (its log is
            // there) and stops only because the test gives it no terminal.
            let ui = try await Self.quire("--home", user.home.path, "--offline")
            #expect(ui.status != 0)
            #expect(ui.stderr.contains("must be a terminal"), "\(ui.stderr)")
            #expect(FileManager.default.fileExists(atPath: user.home.appendingPathComponent("quire.log").path))

            let help = try await Self.quire("--help")
            #expect(help.status == 0)
            #expect(help.stdout.contains("account"))
            let completion = try await Self.quire("--generate-completion-script", "bash")
            #expect(completion.status == 0)
            #expect(completion.stdout.contains("quire"))
        }

        @Test("a command's standard error carries no info log lines; QUIRE_LOG_LEVEL brings them back")
        func logLevel() async throws {
            let user = try QuireUser(alias: "logging-user")
            defer { user.remove() }
            let quire = try BuiltProducts.executable("quire")
            let home = ["--home", user.home.path]
            let add = ["account", "add", "main", "--site", "=127.0.0.1:9", "--alias", user.alias, "--offline"]
            try await user.succeed(
                "account", "add", "main", "--site", "=127.0.0.1:9", "--alias", user.alias, "--offline")
            let removed = try await user.succeed("account", "remove", "main")
            #expect(removed.stdout == "removed main\n")
            #expect(removed.stderr.isEmpty, "\(removed.stderr)")

            _ = try await ChildProcess.run(quire, add + home)
            let verbose = try await ChildProcess.run(
                quire, ["account", "remove", "main"] + home, environment: ["QUIRE_LOG_LEVEL": "info"])
            #expect(verbose.status == 0)
            #expect(verbose.stderr.contains("info quire.store"), "\(verbose.stderr)")
            #expect(verbose.stderr.contains("removed account"), "\(verbose.stderr)")

            let wrong = try await ChildProcess.run(
                quire, ["account", "list"] + home, environment: ["QUIRE_LOG_LEVEL": "loud"])
            #expect(wrong.status == 0)
            #expect(wrong.stderr.contains("QUIRE_LOG_LEVEL=loud is not one of trace, debug, info"), "\(wrong.stderr)")
        }
    }
}
