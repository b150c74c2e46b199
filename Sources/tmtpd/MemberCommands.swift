import ArgumentParser
import Foundation
import TMTPServer

/// The member named on a command line (a uid or an alias), resolved in an admin store.
struct MemberArgument: ParsableArguments {
    @OptionGroup var data: DataDirectoryOption
    @Argument(help: ArgumentHelp("The member's uid or one of its aliases.", valueName: "uid|alias"))
    var member: String

    /// Opens the store beside a running server, resolves the member and runs `body`.
    func withMember<T>(_ body: (any MemberAdministration, MemberRecord) async throws -> T) async throws -> T {
        let opened = try await data.openStore()
        do {
            guard let store = opened.store as? any MemberAdministration else {
                throw ServeError("this store does not offer member administration")
            }
            guard let record = try await store.member(named: member) else { throw UnknownMember(member) }
            let result = try await body(store, record)
            try opened.close()
            return result
        } catch {
            try? opened.close()
            throw ServeError((error as? DirectoryError)?.message ?? "\(error)")
        }
    }
}

extension UserCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one member: uid, aliases, live nodes, queued messages, created, suspended.")
        @OptionGroup var member: MemberArgument

        func run() async throws {
            let formatter = ISO8601DateFormatter()
            try await member.withMember { _, record in
                print("uid \(record.uid)")
                print("aliases \(record.aliases.joined(separator: " "))")
                print("nodes \(record.nodes.map(String.init).joined(separator: " "))")
                print("queued \(record.queued)")
                print("created \(formatter.string(from: record.created))")
                print("suspended \(record.suspended.map { formatter.string(from: $0) } ?? "no")")
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a member logging in and close their links; messages to them still queue.")
        @OptionGroup var member: MemberArgument

        func run() async throws {
            try await member.withMember { store, record in
                try await store.suspend(uid: record.uid, now: Date())
                print("suspended \(record.uid)")
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a suspended member log in again.")
        @OptionGroup var member: MemberArgument

        func run() async throws {
            try await member.withMember { store, record in
                try await store.resume(uid: record.uid)
                print("resumed \(record.uid)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a member: account, aliases, group rows, nodes and their queues.")
        @OptionGroup var member: MemberArgument
        @Flag(help: "Required: removal cannot be undone.") var yes = false

        func run() async throws {
            guard yes else { throw ValidationError("removing a member cannot be undone; add --yes") }
            try await member.withMember { store, record in
                try await store.remove(uid: record.uid)
                print("removed \(record.uid)")
            }
        }
    }

    struct DropNode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop-node",
            abstract: "Retire one node of a member (a lost device): it can no longer log in, its queue is dropped.")
        @OptionGroup var member: MemberArgument
        @Argument(help: "The node number, as `user show` lists it.") var node: Int

        func run() async throws {
            try await member.withMember { store, record in
                try await store.dropNodeAsAdministrator(NodeAddress(uid: record.uid, number: node))
                print("dropped node \(node) of \(record.uid)")
            }
        }
    }
}
