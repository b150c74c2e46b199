import ArgumentParser
import Foundation
import QuireCore
import TMTP

/// `quire account`: the accounts (identities on sites) of this home.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Add, list and remove accounts; add this account on another device.",
        subcommands: [Add.self, List.self, Remove.self, AddDevice.self, Join.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account on a site and register it.",
            discussion: "ADDR is +host:port (a certificate from a public authority), =host:port (self-signed, "
                + "trusted on first use) or =host:port#SHA256 (pinned). A site that registers by invitation "
                + "gives a code (--invite CODE) or a link, tmtp://host:port/?invite=CODE[&pin=SHA256], "
                + "which --invite or --site takes in place of ADDR. A site that signs people in with OpenID "
                + "Connect lists its providers; quire prints the address to open in a browser and takes the "
                + "sign-in when the browser comes back, or the address the browser ends on pasted in. Where "
                + "signing in is optional, --no-sign-in registers without it.")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @Argument(help: "A local name for the account.") var name: String
        @Option(help: "The site address, or an invite link.") var site: String?
        @Option(help: "The alias to register (at least 8 bytes); others reach you by it.") var alias: String?
        @Option(help: "The site's invite code or link (`tmtpd invite create`).") var invite: String?
        @Option(help: "The sign-in provider to use, by label, when the site offers several.") var provider: String?
        @Flag(
            help: "Register without signing in, on a site where signing in is optional (one that requires it refuses).")
        var noSignIn = false
        @Flag(help: "Only record the account; register at the next `quire sync`.") var offline = false

        func validate() throws {
            if site == nil, invite == nil { throw ValidationError("Missing expected argument '--site <site>'") }
            if noSignIn, provider != nil { throw ValidationError("--no-sign-in and --provider cannot go together") }
        }

        func run() async throws {
            try await runReportingErrors {
                let started = ContinuousClock.now
                let context = try CommandContext(options)
                try await context.client.addAccount(name: name, site: site, alias: alias, invite: invite)
                if !offline {
                    let store = context.store
                    let name = name
                    let token: OIDCToken?
                    do {
                        let account = try await context.account(name)
                        token =
                            noSignIn
                            ? nil
                            : try await SignInPrompt(provider: provider, timeout: network.duration).run(
                                siteAddress: account.siteAddress, configuration: context.syncConfiguration)
                    } catch {
                        try await context.client.removeAccount(name)
                        // Provider-given text reaches the terminal only through the sanitiser.
                        throw CommandFailure(safe("\(name): \(error); the account was not added"))
                    }
                    // Asking the site how it signs people in and registering share the timeout;
                    // after a sign-in (a person at a browser) registering gets it whole.
                    let timeout = token == nil ? network.remaining(since: started) : network.duration
                    do {
                        try await SiteSession(
                            context: context, account: name, timeout: timeout, signInToken: token
                        ).run { _ in
                            try await store.account(named: name)?.uid != nil
                        }
                    } catch let refused as SiteSession.Refused {
                        // Nothing is kept of an account the site would not register, so the same
                        // command can be run again once the user has what the site asked for.
                        if try await store.account(named: name)?.uid == nil {
                            try await context.client.removeAccount(name)
                            throw CommandFailure("\(refused); the account was not added")
                        }
                        throw refused
                    }
                }
                let account = try await context.account(name)
                context.output.object(["account": AccountCommand.json(account)])
                context.output.line(
                    "added \(account.name)" + (account.uid.map { " (uid \($0))" } ?? " (not registered yet)"))
                if let error = account.error {
                    guard account.uid != nil, account.alias == nil, let alias else {
                        context.output.line("warning: \(error)")
                        return
                    }
                    let reason = error.hasPrefix("alias refused: ") ? String(error.dropFirst(15)) : error
                    throw CommandFailure(
                        "\(account.name): registered, but without an alias: the site refused \"\(alias)\" "
                            + "(\(reason)), so others cannot reach you by it")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let accounts = try await context.store.accounts()
                context.output.object(["accounts": accounts.map(AccountCommand.json)])
                for account in accounts {
                    var line = "\(account.name)  \(account.siteAddress)"
                    if let site = account.siteName { line += "  site \(site)" }
                    line += "  \(account.alias ?? "-")  \(account.state.rawValue)"
                    if let error = account.error { line += "  (\(error))" }
                    context.output.line(line)
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Leave a site: delete the account, its messages and its node password.")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                try await context.client.removeAccount(name)
                context.output.object(["removed": name])
                context.output.line("removed \(name)")
            }
        }
    }

    struct AddDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-device",
            abstract: "Get a node for another device and write its enrolment bundle.",
            discussion: "Copy the bundle to the other device and run `quire account join FILE` there. "
                + "It holds a password: keep it private and delete it after use.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @Argument var name: String
        @Option(help: "A label for the new device.") var label = "device"
        @Option(help: "Where to write the bundle.") var output: String

        func run() async throws {
            try await runReportingErrors {
                let started = ContinuousClock.now
                let context = try CommandContext(options)
                let item = try await context.client.addDevice(account: name, label: label)
                let pending = EnrolmentBundle.pendingURL(account: name, label: label, home: context.home)
                try? FileManager.default.removeItem(at: pending)
                _ = try await SiteSession(context: context, account: name, timeout: network.duration).deliver([item.id])
                let left = network.remaining(since: started)
                try await SiteSession(context: context, account: name, timeout: left).run { _ in
                    FileManager.default.fileExists(atPath: pending.path)
                }
                let destination = URL(fileURLWithPath: output)
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.moveItem(at: pending, to: destination)
                context.output.object(["bundle": destination.path, "account": name, "label": label])
                context.output.line("wrote \(destination.path); run `quire account join` with it on the other device")
            }
        }
    }

    struct Join: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account from an enrolment bundle made by `quire account add-device`.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @Argument var file: String
        @Option(help: "A local name (default: the name on the first device).") var name: String?
        @Flag(help: "Only record the account; log in at the next `quire sync`.") var offline = false

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let bundle = try EnrolmentBundle.read(from: URL(fileURLWithPath: file))
                let account = try await context.client.join(bundle: bundle, as: name)
                if !offline {
                    try await SiteSession(context: context, account: account.name, timeout: network.duration).run {
                        $0 == .online
                    }
                }
                context.output.object(["account": AccountCommand.json(account)])
                context.output.line("joined \(account.name) (uid \(account.uid ?? "-"))")
            }
        }
    }

    static func json(_ account: Account) -> [String: Any] {
        [
            "name": account.name, "site": account.siteAddress, "siteName": account.siteName.orNull,
            "uid": account.uid.orNull, "alias": account.alias.orNull, "state": account.state.rawValue,
            "error": account.error.orNull,
        ]
    }
}
