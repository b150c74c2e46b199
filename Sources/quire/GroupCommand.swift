import ArgumentParser
import Foundation
import QuireCore

/// `quire group`: groups of an account.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Invite to, leave, and manage groups.",
        subcommands: [Invite.self, Leave.self, Drop.self, Alias.self, Members.self]
    )

    /// Queues one group op for the chosen account, then sends it and waits for its ack like `quire send`.
    static func send(
        options: GlobalOptions, network: NetworkOptions, account: String?,
        _ enqueue: (QuireClient, String) async throws -> OutboxItem
    ) async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let account = try await context.account(account)
            let item = try await enqueue(context.client, account.name)
            try await SendCommand.finish(item, context: context, network: network, queueOnly: false)
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite an alias into a group (a new group id creates the group).")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The group id (at least 8 bytes).") var gid: String
        @Argument(help: "The alias to invite.") var alias: String
        @Option(help: "A note (at most 140 characters).") var text = ""

        func run() async throws {
            try await GroupCommand.send(options: options, network: network, account: account.name) { client, account in
                try await client.invite(account: account, gid: gid, alias: alias, text: text)
            }
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Leave a group.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The group id.") var gid: String

        func run() async throws {
            try await GroupCommand.send(options: options, network: network, account: account.name) { client, account in
                try await client.leave(account: account, gid: gid)
            }
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop a member from a group.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The group id.") var gid: String
        @Argument(help: "The member's alias in the group.") var member: String

        func run() async throws {
            try await GroupCommand.send(options: options, network: network, account: account.name) { client, account in
                try await client.drop(account: account, gid: gid, member: member)
            }
        }
    }

    struct Alias: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the alias you use in a group.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The group id.") var gid: String
        @Argument(help: "One of your aliases.") var alias: String

        func run() async throws {
            try await GroupCommand.send(options: options, network: network, account: account.name) { client, account in
                try await client.setGroupAlias(account: account, gid: gid, alias: alias)
            }
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's members as last seen.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var account: AccountOption
        @Argument(help: "The group id.") var gid: String

        func run() async throws {
            try await runReportingErrors {
                let context = try CommandContext(options)
                let account = try await context.account(account.name)
                let members = try await context.store.members(account: account.name, gid: gid)
                context.output.object([
                    "account": account.name, "gid": gid,
                    "members": members.map { ["alias": $0.alias, "uid": $0.uid.orNull, "status": $0.status.rawValue] },
                ])
                for member in members {
                    context.output.line("\(member.alias)  \(member.uid ?? "-")  \(member.status.rawValue)")
                }
            }
        }
    }
}
