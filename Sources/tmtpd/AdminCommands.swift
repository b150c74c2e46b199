import ArgumentParser
import Foundation
import TMTPServer
import TMTPTransport

/// `tmtpd user list|show|suspend|resume|remove|drop-node`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Inspect and manage accounts.",
        discussion: """
            Every command works beside a running server on the same data directory; a running server \
            acts on suspend, remove and drop-node within a second (it closes the member's links).
            """,
        subcommands: [List.self, Show.self, Suspend.self, Resume.self, Remove.self, DropNode.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every user: uid, nodes, queued messages, aliases, and the sign-in identity.")
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let opened = try await data.openStore()
            let store = opened.store
            for user in try await store.users() {
                let signIn = user.signIn.map { "  signed in as \($0.subject) at \($0.issuer)" } ?? ""
                print(
                    "\(user.uid)  nodes \(user.nodeCount)  queued \(user.queuedCount)  \(user.aliases.joined(separator: " "))"
                        + signIn)
            }
            try opened.close()
        }
    }
}

/// `tmtpd invite create|list|revoke`.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Manage registration invites (for --registration invite).",
        discussion: """
            A client registers with an invite by sending it in Register's newnode field as \
            invite:<code>/<label>.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an invite code and print it (and, with --link, a link to mail out).")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "How many registrations the code allows.") var uses = 1
        @Option(help: "How long the code stays valid: 90s, 30m, 12h, 7d.") var expires: String?
        @Option(
            help: ArgumentHelp(
                "Also print tmtp://HOST:PORT/?invite=CODE, pinning the site's certificate.",
                discussion: "quire account add takes the link in place of --site and --invite.",
                valueName: "host:port"))
        var link: String?
        @Option(help: "The certificate to pin in the link (default: the self-signed one in the data directory).")
        var cert: String?
        @Flag(help: "The site's certificate is from a public authority: the link pins nothing.")
        var caSigned = false

        func run() async throws {
            guard uses > 0 else { throw ValidationError("--uses must be at least 1") }
            var expiry: Date?
            if let expires {
                guard let seconds = DurationText.seconds(expires) else {
                    throw ValidationError("--expires must look like 90s, 30m, 12h or 7d, not '\(expires)'")
                }
                expiry = Date().addingTimeInterval(TimeInterval(seconds))
            }
            // The link is checked before a code is made, so a wrong option leaves no unused code.
            let pin = try link.map { _ in try linkPin() } ?? nil
            let opened = try await data.openStore()
            let store = opened.store
            let invite = try await store.createInvite(uses: uses, expires: expiry, now: Date())
            print(invite.code)
            if let link {
                print("tmtp://\(link)/?invite=\(invite.code)" + (pin.map { "&pin=\($0.hex)" } ?? ""))
            }
            try opened.close()
        }

        /// The fingerprint the link pins: of `--cert`, else of the certificate tmtpd made for itself;
        /// none with `--ca-signed`.
        private func linkPin() throws -> CertificateFingerprint? {
            guard let link else { return nil }
            guard let colon = link.lastIndex(of: ":"), let port = Int(link[link.index(after: colon)...]),
                (1...65535).contains(port), colon != link.startIndex
            else { throw ValidationError("--link must be HOST:PORT (as clients reach the site), not '\(link)'") }
            if caSigned { return nil }
            let path = cert ?? data.dataDirectory + "/tls/cert.pem"
            guard let pem = FileManager.default.contents(atPath: path) else {
                throw ServeError(
                    "cannot read the certificate \(path) to pin in the link; give --cert FILE, or --ca-signed for a "
                        + "certificate from a public authority")
            }
            guard let der = PEMCertificate.firstDER(in: pem) else {
                throw ServeError("\(path) holds no PEM certificate")
            }
            return CertificateFingerprint(der: der)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List invites: code, uses left, expiry.")
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let opened = try await data.openStore()
            let store = opened.store
            let formatter = ISO8601DateFormatter()
            for invite in try await store.invites() {
                let expiry = invite.expires.map { formatter.string(from: $0) } ?? "never"
                print("\(invite.code)  uses-left \(invite.usesLeft)  expires \(expiry)")
            }
            try opened.close()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an invite code.")
        @OptionGroup var data: DataDirectoryOption
        @Argument(help: "The code to revoke.") var code: String

        func run() async throws {
            let opened = try await data.openStore()
            let store = opened.store
            let removed = try await store.revokeInvite(code)
            try opened.close()
            guard removed else { throw ServeError("no invite \(code)") }
            print("revoked \(code)")
        }
    }
}

/// `tmtpd stats`.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print totals: users, nodes, queued messages, bytes.")
    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let opened = try await data.openStore()
        let store = opened.store
        let stats = try await store.statistics()
        let instances = try await store.instances()
        try opened.close()
        print("users \(stats.users)")
        print("nodes \(stats.nodes)")
        print("messages \(stats.messages)")
        print("queued \(stats.queuedDeliveries)")
        print("bytes \(stats.bytes)")
        // A store several instances share lists those running now.
        guard opened.isShared else { return }
        print("instances \(instances.count)")
        for instance in instances {
            print("instance \(instance.name)  connections \(instance.connections)  logged-in \(instance.loggedIn)")
        }
    }
}
