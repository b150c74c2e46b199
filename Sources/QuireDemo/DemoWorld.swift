import Foundation
import QuireCore
import TMTPServer
import TMTPTransport

/// `quire demo`'s world: a real TMTP site in this process on 127.0.0.1, you registered on it in
/// a Quire home, two demo people with homes of their own who answer what you send them, a group
/// of all three, and seeded threads that show what TMTP can do.
///
/// Everything runs over the real protocol and TLS: the people are full clients with their own
/// stores and syncs, so what a newcomer sees is live delivery and presence. ``stop()`` ends
/// every task and link, shuts the site down and deletes every directory the world created.
public actor DemoWorld {
    /// How to set the world up.
    public struct Options: Sendable {
        /// Your Quire home; nil for a temporary one, deleted on stop.
        public var home: QuireHome?
        /// Your alias; nil to derive one from `$USER`.
        public var alias: String?
        /// The longest wait for any one step of the set-up (a login, the seeded deliveries).
        public var stepTimeout: Duration = .seconds(60)
        /// How long a demo person "types" before an answer goes out.
        public var typingDelay: Duration = .milliseconds(600)

        public init(home: QuireHome? = nil, alias: String? = nil) {
            self.home = home
            self.alias = alias
        }
    }

    public nonisolated let siteName: String
    /// The site as accounts name it: `=127.0.0.1:PORT#FINGERPRINT`.
    public nonisolated let siteAddress: String
    public nonisolated let port: Int
    /// The SHA-256 fingerprint of the site's self-signed certificate, in hex.
    public nonisolated let fingerprint: String
    /// You: your account in your home, with its sync running until ``handOverYourAccount()``.
    public nonisolated let you: DemoAccount
    /// The demo people (ada, then grace).
    public nonisolated let people: [DemoAccount]
    /// The group of you and the demo people.
    public nonisolated let groupID: String
    /// The threads seeded into your store.
    public nonisolated let threads: [SeededThread]
    /// Directories the world created and deletes on stop.
    public nonisolated let temporaryDirectories: [URL]

    private let site: DemoSite
    private let bots: [DemoBot]
    private let teardown: DemoTeardown
    private var yourSyncRunning = true
    public private(set) var isStopped = false

    static let groupName = "quire-demo-lounge"

    private init(
        site: DemoSite, you: DemoAccount, people: [DemoAccount], bots: [DemoBot], threads: [SeededThread],
        temporaryDirectories: [URL], teardown: DemoTeardown
    ) {
        self.site = site
        self.siteName = DemoSite.name
        self.siteAddress = site.address
        self.port = site.port
        self.fingerprint = site.fingerprint.hex
        self.you = you
        self.people = people
        self.bots = bots
        self.groupID = Self.groupName
        self.threads = threads
        self.temporaryDirectories = temporaryDirectories
        self.teardown = teardown
    }

    /// Starts the site, registers everyone, makes contacts and the group, seeds the threads and
    /// starts the demo people; returns once every seeded thread is in your store.
    public static func start(home: QuireHome? = nil) async throws -> DemoWorld {
        try await start(options: Options(home: home))
    }

    public static func start(options: Options) async throws -> DemoWorld {
        let teardown = DemoTeardown()
        do {
            return try await build(options: options, teardown: teardown)
        } catch {
            await teardown.run()
            throw error
        }
    }

    private static func build(options: Options, teardown: DemoTeardown) async throws -> DemoWorld {
        var directories: [URL] = []
        func temporary(_ label: String) async throws -> URL {
            let directory = try DemoDirectory(label: label)
            directories.append(directory.url)
            await teardown.add { directory.remove() }
            return directory.url
        }

        let site = try await DemoSite.start(directory: try await temporary("site"))
        await teardown.add { await site.stop() }

        let timeout = options.stepTimeout
        let yourHome: QuireHome
        if let home = options.home {
            yourHome = home
        } else {
            let url = try await temporary("you")
            yourHome = QuireHome(dataDirectory: url, configDirectory: url)
        }
        let yourStore = try ClientStore(home: yourHome)
        let yourName = try await freeAccountName(in: yourStore)
        let personas = [DemoPersona.ada, DemoPersona.grace]
        let yourAlias = options.alias ?? defaultAlias(avoiding: personas.map(\.alias))
        let you = try await DemoAccount.register(
            name: yourName, alias: yourAlias, home: yourHome, store: yourStore, site: site.address, timeout: timeout)
        let keptHome = options.home != nil
        await teardown.add {
            await you.stopSync()
            // The site dies with the world, so an account on it in a kept home could only fail to connect.
            if keptHome { try? await you.client.removeAccount(yourName) }
        }

        var people: [DemoAccount] = []
        var bots: [DemoBot] = []
        for persona in personas {
            let url = try await temporary(persona.accountName)
            let person = try await DemoAccount.register(
                name: persona.accountName, alias: persona.alias,
                home: QuireHome(dataDirectory: url, configDirectory: url), site: site.address, timeout: timeout)
            await teardown.add { await person.stopSync() }
            let bot = DemoBot(
                account: person, persona: persona, yourUID: you.uid, yourAlias: you.alias,
                typingDelay: options.typingDelay)
            try await bot.start()
            await teardown.add { await bot.stop() }
            people.append(person)
            bots.append(bot)
        }

        let seeder = DemoSeeder(
            you: you, ada: people[0], grace: people[1], group: groupName, siteHost: "127.0.0.1:\(site.port)",
            timeout: timeout)
        try await seeder.introduce()
        let threads = try await seeder.seed()

        return DemoWorld(
            site: site, you: you, people: people, bots: bots, threads: threads, temporaryDirectories: directories,
            teardown: teardown)
    }

    /// Stops your sync, so that another owner (the TUI's sync) can take your account's link.
    /// The demo people keep answering.
    public func handOverYourAccount() async {
        guard yourSyncRunning else { return }
        yourSyncRunning = false
        await you.stopSync()
    }

    /// Stops the demo people, every sync and the site, and deletes the temporary directories.
    public func stop() async {
        guard !isStopped else { return }
        isStopped = true
        await teardown.run()
    }

    /// `demo`, or `demo-2`... when the home already has an account of that name.
    private static func freeAccountName(in store: ClientStore) async throws -> String {
        let taken = Set(try await store.accounts().map(\.name))
        var name = "demo"
        var number = 2
        while taken.contains(name) {
            name = "demo-\(number)"
            number += 1
        }
        return name
    }

    /// `$USER` (or `you`), lengthened to the 8 bytes an alias needs and kept apart from the demo people.
    static func defaultAlias(
        avoiding taken: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        let user = environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "you"
        var alias = user.filter { !$0.isWhitespace && !$0.isNewline }
        if alias.isEmpty { alias = "you" }
        if alias.utf8.count < 8 { alias += "-demo" }
        while alias.utf8.count < 8 { alias += "_" }
        if taken.contains(alias) { alias += "-you" }
        return alias
    }
}
