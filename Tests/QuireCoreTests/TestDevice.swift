import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// One device of a user: a Quire home with its store and the account's sync.
final class TestDevice: Sendable {
    let directory: TemporaryDirectory
    let home: QuireHome
    let store: ClientStore
    let client: QuireClient
    let sync: AccountSync
    let account: String

    init(directory: TemporaryDirectory, account: String, configure: (inout SyncConfiguration) -> Void = { _ in })
        throws
    {
        self.directory = directory
        self.account = account
        home = QuireHome(dataDirectory: directory.url, configDirectory: directory.url)
        store = try ClientStore(home: home)
        client = QuireClient(store: store, home: home)
        var configuration = SyncConfiguration(home: home, deviceLabel: "test")
        configuration.backoffBase = .milliseconds(50)
        configuration.backoffMax = .milliseconds(400)
        configuration.outboxPollInterval = .milliseconds(200)
        configuration.lockRetryInterval = .milliseconds(100)
        configuration.ackTimeout = .seconds(10)
        configure(&configuration)
        sync = AccountSync(account: account, store: store, configuration: configuration)
    }

    /// A new user on `site`, registered with `alias` and online.
    static func user(_ alias: String, on site: TestSite) async throws -> TestDevice {
        let device = try TestDevice(directory: try TemporaryDirectory(), account: "main")
        try await device.client.addAccount(name: "main", site: site.address, alias: alias)
        await device.sync.start()
        try await device.waitOnline()
        return device
    }

    /// Alice, Bob and Carol on `site`, registered and online; with `befriended`, Bob and Carol are
    /// each Alice's contact.
    static func trio(on site: TestSite, befriended: Bool = false) async throws -> (TestDevice, TestDevice, TestDevice) {
        let alice = try await user("alice-long", on: site)
        let bob = try await user("bobby-long", on: site)
        let carol = try await user("carol-long", on: site)
        if befriended {
            try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
            try await alice.befriend(carol, alias: "carol-long", myAlias: "alice-long")
        }
        return (alice, bob, carol)
    }

    /// The same home opened afresh, as after a restart of the program.
    func reopened(configure: (inout SyncConfiguration) -> Void = { _ in }) throws -> TestDevice {
        try TestDevice(directory: directory, account: account, configure: configure)
    }

    func waitOnline() async throws {
        try await eventually("\(account) online") { await self.sync.state == .online }
    }

    var uid: String {
        get async throws { try #require(try await store.account(named: account)?.uid) }
    }

    /// Makes `self` and `other` contacts: `self` pings, `other` accepts, `other` writes first.
    func befriend(_ other: TestDevice, alias otherAlias: String, myAlias: String) async throws {
        try await client.ping(account: account, alias: otherAlias, text: "hello from \(myAlias)")
        try await eventually("ping arrives") { try await !other.store.notices(state: .pending).isEmpty }
        let notice = try #require(try await other.store.notices(state: .pending).first)
        try await other.client.accept(notice: notice.id)
        try await eventually("accept acked") { try await other.store.pendingOutbox(account: other.account).isEmpty }
        // They write first, which tells us their uid.
        try await other.client.newThread(account: other.account, to: [myAlias], subject: "hi", body: "accepted")
        try await eventually("first thread arrives") {
            try await self.store.contact(account: self.account, alias: otherAlias)?.uid != nil
        }
    }
}
