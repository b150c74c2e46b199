import ArgumentParser
import Foundation
import QuireCore

/// `quire contacts`: the address book, groups and pending notices.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "List contacts, groups, and pings and invitations waiting for an answer.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var account: AccountOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let accounts = try await context.accounts(account.name)
            var entries: [[String: Any]] = []
            for account in accounts {
                let contacts = try await context.store.contacts(account: account.name)
                let groups = try await context.store.groups(account: account.name)
                let notices = try await context.store.notices(account: account.name, state: .pending)
                var groupEntries: [[String: Any]] = []
                for group in groups {
                    let members = try await context.store.members(account: account.name, gid: group.gid)
                    groupEntries.append([
                        "gid": group.gid, "myAlias": group.myAlias.orNull, "owner": group.isOwner,
                        "members": members.map {
                            ["alias": $0.alias, "uid": $0.uid.orNull, "status": $0.status.rawValue]
                        },
                    ])
                }
                entries.append([
                    "account": account.name,
                    "contacts": contacts.map {
                        ["alias": $0.alias, "uid": $0.uid.orNull, "origin": $0.origin.rawValue, "blocked": $0.blocked]
                    },
                    "groups": groupEntries,
                    "notices": notices.map(Self.json),
                ])
                context.output.line("\(account.name):")
                for contact in contacts {
                    let status =
                        contact.blocked ? "blocked" : (contact.uid == nil ? "waiting for an answer" : "contact")
                    context.output.line("  \(contact.alias)  \(contact.uid ?? "-")  \(status)")
                }
                for group in groupEntries {
                    let members = (group["members"] as? [[String: Any]] ?? []).compactMap { $0["alias"] as? String }
                    context.output.line(
                        "  group \(group["gid"] as? String ?? "")  members: \(members.joined(separator: ", "))")
                }
                for notice in notices {
                    context.output.line(
                        "  notice \(notice.id): \(NoticeChoice.describe(notice)) from \(notice.fromAlias): "
                            + "\(notice.text)  (quire accept \(notice.id))")
                }
            }
            context.output.object(["accounts": entries])
        }
    }

    static func json(_ notice: Notice) -> [String: Any] {
        [
            "id": notice.id, "account": notice.account, "kind": notice.kind.rawValue, "from": notice.fromAlias,
            "fromUid": notice.fromUID, "gid": notice.gid.orNull, "text": notice.text, "posted": notice.posted,
            "state": notice.state.rawValue, "thread": notice.threadID.orNull,
        ]
    }
}

/// `quire accept`: accepts (or ignores) a ping or a group invitation.
struct AcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Accept a ping (add the contact) or an invitation (join the group).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "The notice id shown by `quire contacts`, or the alias of who pinged or invited you.")
    var notice: String
    @OptionGroup var account: AccountOption
    @Flag(help: "Ignore it instead.") var ignore = false
    @OptionGroup var queue: QueueOption

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            if let name = account.name { _ = try await context.account(name) }
            let id = try await NoticeChoice.find(self.notice, account: account.name, store: context.store).id
            if ignore {
                try await context.client.ignore(notice: id)
                context.output.object(["notice": id, "state": "ignored"])
                context.output.line("ignored notice \(id)")
                return
            }
            let notice = try await context.client.accept(notice: id)
            let pending = try await context.store.pendingOutbox(account: notice.account).map(\.id)
            if !queue.only, !pending.isEmpty {
                _ = try await SiteSession(context: context, account: notice.account, timeout: network.duration)
                    .deliver(pending)
            }
            context.output.object(["notice": ContactsCommand.json(notice)])
            switch notice.kind {
            case .ping: context.output.line("\(notice.fromAlias) is now a contact")
            case .invite: context.output.line("joined group \(notice.gid ?? "")")
            case .forward: context.output.line("noted the forward of thread \(notice.threadID ?? "")")
            }
        }
    }
}

/// `quire block`: drops an alias's messages, pings and presence from now on.
struct BlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Block (or unblock) an alias: their messages and presence are dropped.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var account: AccountOption
    @Argument(help: "The alias.") var alias: String
    @Flag(help: "Unblock instead.") var unblock = false

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let account = try await context.account(account.name)
            try await context.client.setBlocked(!unblock, account: account.name, alias: alias)
            context.output.object(["account": account.name, "alias": alias, "blocked": !unblock])
            context.output.line("\(unblock ? "unblocked" : "blocked") \(alias)")
        }
    }
}
