import Foundation
import Logging
import QuireCore
import TMTPServer
import TMTPTransport

/// Ingest through the real path: an in-process site on 127.0.0.1 (TLS), a sender whose sync posts
/// `count` messages to a receiver that is offline, then the receiver's sync drains that backlog
/// (store, then ack, one message at a time). Every wait is bounded by `limit`.
struct BacklogDrain {
    var count: Int
    var limit: Duration
    var scratch: URL

    struct Figures {
        var messages: Int
        var seconds: Double
        var storeBytes: Int64
        var complete: Bool

        var rate: Double { Double(messages) / max(seconds, 1e-9) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws -> Figures {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let certificate = try SelfSignedCertificate(commonName: "localhost", hosts: ["127.0.0.1"])
        let tls = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let siteStore = try SQLiteServerStore(directory: scratch.appendingPathComponent("site").path)
        var logger = Logger(label: "quire-bench-site")
        logger.logLevel = .critical
        var configuration = ServerConfiguration(siteName: "quire-bench")
        configuration.loginTimeout = .seconds(30)
        let server = try await SiteServer.start(
            configuration: configuration, store: siteStore, host: "127.0.0.1", port: 0, tls: tls, logger: logger)
        defer { try? siteStore.close() }
        guard let port = server.localAddress?.port else { throw Failure(description: "the site has no port") }
        let address = "=127.0.0.1:\(port)#\(certificate.fingerprint.hex)"

        let receiver = try Device(directory: scratch.appendingPathComponent("receiver"))
        let sender = try Device(directory: scratch.appendingPathComponent("sender"))
        let receiverUID = try await receiver.register(alias: "receiver-bench", site: address, limit: limit)
        await receiver.sync.stop()
        _ = try await sender.register(alias: "sender-bench", site: address, limit: limit)

        guard let senderAccount = try await sender.store.account(named: "main"), let senderUID = senderAccount.uid
        else { throw Failure(description: "the sender did not register") }
        let author = Outgoing.Author(uid: senderUID, alias: senderAccount.alias ?? senderUID)
        let target = [Recipient(alias: "receiver-bench", uid: receiverUID)]
        var items: [OutboxItem] = []
        for index in 0..<count {
            items.append(
                try Outgoing.post(
                    account: "main", author: author, recipients: target, threadID: nil,
                    subject: "Backlog message \(index)",
                    body: "Message \(index) of the backlog, with a few words to index: garden tomato basil."))
        }
        try await sender.store.enqueue(items, account: "main")
        try await bounded("the sender posting the backlog") {
            try await sender.store.queuedOutboxCount(account: "main") == 0
        }
        await sender.sync.stop()

        let clock = ContinuousClock()
        let start = clock.now
        await receiver.sync.start()
        var received = 0
        let deadline = start + limit
        while clock.now < deadline {
            received = try await receiver.receivedCount()
            if received >= count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = clock.now - start
        await receiver.sync.stop()
        await server.shutdown()
        try await receiver.store.checkpoint()
        let bytes = Self.size(of: receiver.home.databaseURL.path)
        return Figures(
            messages: received,
            seconds: Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) / 1e18,
            storeBytes: bytes, complete: received >= count)
    }

    private func bounded(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "timed out waiting for \(what)")
    }

    static func size(of path: String) -> Int64 {
        ["", "-wal"].reduce(Int64(0)) { total, suffix in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// One user's home with its store and the account's sync.
    struct Device {
        let home: QuireHome
        let store: ClientStore
        let sync: AccountSync

        init(directory: URL) throws {
            home = QuireHome(dataDirectory: directory, configDirectory: directory)
            store = try ClientStore(home: home)
            var configuration = SyncConfiguration(home: home, deviceLabel: "bench")
            configuration.backoffBase = .milliseconds(50)
            configuration.backoffMax = .milliseconds(500)
            configuration.outboxPollInterval = .milliseconds(100)
            sync = AccountSync(account: "main", store: store, configuration: configuration)
        }

        /// Adds and registers the account; returns its uid.
        func register(alias: String, site: String, limit: Duration) async throws -> String {
            try await QuireClient(store: store, home: home).addAccount(name: "main", site: site, alias: alias)
            await sync.start()
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if await sync.state == .online, let uid = try await store.account(named: "main")?.uid { return uid }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw Failure(description: "\(alias) did not come online: \(await sync.state)")
        }

        func receivedCount() async throws -> Int {
            try await store.unreadCounts().reduce(0) { $0 + $1.unreadMessages }
        }
    }
}
