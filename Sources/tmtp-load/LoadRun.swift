import Dispatch
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import TMTP

/// A registered load user; `link` is its registration link, kept open in closed mode.
struct Account: Sendable {
    var uid: String
    var password: String
    var alias: String
}

/// Shared count of posts, so `--messages` bounds the whole run.
final class PostBudget: Sendable {
    private let limit: Int
    private let used = NIOLockedValueBox(0)

    init(limit: Int) {
        self.limit = limit
    }

    func take() -> Bool {
        used.withLockedValue {
            guard limit == 0 || $0 < limit else { return false }
            $0 += 1
            return true
        }
    }
}

/// One run of the load generator against one server, or several instances of one site.
struct LoadRun: Sendable {
    /// Where links go, in turn (instances of one site share its users).
    let targets: [(host: String, port: Int)]
    let nextTarget = NIOLockedValueBox(0)
    let tls: NIOSSLContext
    let stats: LoadStats
    let clientCount: Int
    let prefix: String

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func connect() async throws -> LoadLink {
        let target = nextTarget.withLockedValue { next in
            defer { next += 1 }
            return targets[next % targets.count]
        }
        return try await LoadLink.connect(host: target.host, port: target.port, tls: tls, stats: stats)
    }

    /// A link that completed TmtpRev and Login.
    func login(_ account: Account) async throws -> LoadLink {
        let link = try await connect()
        try await link.send(.tmtpRev(.init()))
        _ = try await link.nextReply(op: "tmtprev")
        try await link.send(.login(.init(uid: account.uid, node: account.password)))
        _ = try await link.nextReply(op: "info")
        return link
    }

    func registerAll(concurrency: Int) async throws -> [Account] {
        let run = self
        return try await withThrowingTaskGroup(of: (Int, Account).self) { group in
            var accounts = [Account?](repeating: nil, count: clientCount)
            var next = 0
            while next < min(concurrency, clientCount) {
                let index = next
                group.addTask { (index, try await run.register(index)) }
                next += 1
            }
            while let (index, account) = try await group.next() {
                accounts[index] = account
                if next < clientCount {
                    let index = next
                    group.addTask { (index, try await run.register(index)) }
                    next += 1
                }
            }
            return accounts.compactMap { $0 }
        }
    }

    private func register(_ index: Int) async throws -> Account {
        let link = try await connect()
        do {
            let alias = "\(prefix)-\(index)"
            try await link.send(.tmtpRev(.init()))
            _ = try await link.nextReply(op: "tmtprev")
            try await link.send(.register(.init(newNode: "load", newAlias: alias)))
            guard case .registered(let registered) = try await link.nextReply(op: "registered") else {
                throw LoadLink.Closed()
            }
            if let error = registered.error { stats.recordError("register: \(error)") }
            try await link.send(.quit(.init()))
            await link.close()
            return Account(uid: registered.uid, password: registered.nodeID, alias: alias)
        } catch {
            await link.close()
            throw error
        }
    }

    // MARK: Closed loop

    /// Every client logs in, then posts `size` bytes to `recipients` others, the next post as soon as
    /// the previous is acked. Returns the deliveries expected.
    func closedLoop(accounts: [Account], size: Int, recipients: Int, deadline: UInt64, budget: PostBudget)
        async throws -> Int
    {
        let links = try await withThrowingTaskGroup(of: (Int, LoadLinkBox).self) { group in
            for (index, account) in accounts.enumerated() {
                group.addTask { (index, LoadLinkBox(try await login(account))) }
            }
            var links = [LoadLinkBox?](repeating: nil, count: accounts.count)
            for try await (index, link) in group { links[index] = link }
            return links.compactMap { $0 }
        }
        let posted = await withTaskGroup(of: Int.self) { group in
            for (index, box) in links.enumerated() {
                group.addTask {
                    await postLoop(
                        link: box.link, index: index, accounts: accounts, size: size, recipients: recipients,
                        deadline: deadline, budget: budget)
                }
            }
            return await group.reduce(0, +)
        }
        let expected = posted * recipients
        let drainDeadline = Self.now() + 10_000_000_000
        while stats.deliveries < expected && Self.now() < drainDeadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        for box in links {
            try? await box.link.send(.quit(.init()))
            await box.link.close()
        }
        return expected
    }

    private func postLoop(
        link: LoadLink, index: Int, accounts: [Account], size: Int, recipients: Int, deadline: UInt64,
        budget: PostBudget
    ) async -> Int {
        var count = 0
        var payload = [UInt8](repeating: 0x61, count: max(8, size))
        while Self.now() < deadline, budget.take() {
            var targets: Set<Int> = []
            while targets.count < recipients {
                let pick = Int.random(in: 0..<accounts.count)
                if pick != index { targets.insert(pick) }
            }
            let start = Self.now()
            withUnsafeBytes(of: start.littleEndian) { payload.replaceSubrange(0..<8, with: $0) }
            let id = "p\(count)"
            let post = ClientMessage.post(
                .init(
                    id: id, recipients: targets.map { Addressee(id: accounts[$0].uid, kind: .user) },
                    dataLength: Int64(payload.count)))
            do {
                try await link.send(post, data: payload)
                guard case .ack(let ack) = try await link.nextReply(op: "ack") else { continue }
                if let error = ack.error {
                    stats.recordError("post: \(error)")
                } else {
                    stats.recordPost(bytes: payload.count, ackNanoseconds: Self.now() - start)
                    count += 1
                }
            } catch {
                stats.recordError("link: \(error)")
                return count
            }
        }
        return count
    }

    // MARK: Idle

    /// Logs every client in, `concurrency` logins at a time, and keeps the links open with a Pulse
    /// every 30 s until `deadline`.
    ///
    /// Each client's task pulses on its own, so pulses start while later clients still log in:
    /// thousands of logins can take longer than the server's 2-minute idle timeout.
    func idle(accounts: [Account], deadline: UInt64, concurrency: Int) async throws -> Int {
        let (loggedIn, signal) = AsyncStream.makeStream(of: Void.self)
        let run = self
        try await withThrowingTaskGroup(of: Void.self) { group in
            var events = loggedIn.makeAsyncIterator()
            let width = max(1, concurrency)
            for (index, account) in accounts.enumerated() {
                if index >= width { _ = await events.next() }
                group.addTask {
                    let link: LoadLink
                    do {
                        link = try await run.login(account)
                        signal.yield()
                    } catch {
                        signal.yield()
                        throw error
                    }
                    try await run.stayIdle(link, until: deadline)
                }
            }
            for _ in 0..<min(width, accounts.count) { _ = await events.next() }
            print("\(accounts.count) clients logged in and idle")
            try await group.waitForAll()
        }
        return 0
    }

    private func stayIdle(_ link: LoadLink, until deadline: UInt64) async throws {
        let pulseInterval: UInt64 = 30_000_000_000
        var lastPulse = Self.now()
        while Self.now() < deadline {
            try await Task.sleep(for: .seconds(1))
            guard Self.now() - lastPulse >= pulseInterval else { continue }
            lastPulse = Self.now()
            try? await link.send(.pulse(.init()))
        }
        try? await link.send(.quit(.init()))
        await link.close()
    }

    // MARK: Cycle

    /// Groups of up to `size` users: the first invites the rest, who join. Returns (gid, members).
    func formGroups(accounts: [Account], size: Int) async throws -> [(gid: String, members: [Int])] {
        var groups: [(gid: String, members: [Int])] = []
        var start = 0
        while start + 1 < accounts.count {
            let members = Array(start..<min(accounts.count, start + max(2, size)))
            let gid = "\(prefix)-group-\(groups.count)"
            let owner = try await login(accounts[members[0]])
            for (n, member) in members.dropFirst().enumerated() {
                let invite = ClientMessage.groupInvite(
                    .init(
                        id: "i\(n)", gid: gid, from: accounts[members[0]].alias, to: accounts[member].alias,
                        dataLength: 4))
                try await owner.send(invite, data: Array("join".utf8))
                _ = try await owner.nextReply(op: "ack")
            }
            try await owner.send(.quit(.init()))
            await owner.close()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in members.dropFirst() {
                    group.addTask {
                        let link = try await login(accounts[member])
                        try await link.send(.groupEdit(.init(id: "j", gid: gid, action: .join(newAlias: nil))))
                        _ = try await link.nextReply(op: "ack")
                        try await link.send(.quit(.init()))
                        await link.close()
                    }
                }
                try await group.waitForAll()
            }
            groups.append((gid, members))
            start += max(2, size)
        }
        return groups
    }

    /// The reference's simulation: each client logs in, sends OhiEdit init, a ping, posts of
    /// 80 B...250 KB to 2 users and a post to its group, logs out and pauses 1-30 s.
    func cycle(
        accounts: [Account], groups: [(gid: String, members: [Int])], deadline: UInt64, budget: PostBudget,
        pauseScale: Double
    ) async throws -> Int {
        var groupOf: [Int: (gid: String, size: Int)] = [:]
        for group in groups { for member in group.members { groupOf[member] = (group.gid, group.members.count) } }
        let frozen = groupOf
        return await withTaskGroup(of: Int.self) { group in
            for index in accounts.indices {
                group.addTask {
                    await cycleClient(
                        index: index, accounts: accounts, group: frozen[index], deadline: deadline, budget: budget,
                        pauseScale: pauseScale)
                }
            }
            return await group.reduce(0, +)
        }
    }

    private func cycleClient(
        index: Int, accounts: [Account], group: (gid: String, size: Int)?, deadline: UInt64, budget: PostBudget,
        pauseScale: Double
    ) async -> Int {
        var expected = 0
        var round = 0
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...Int(max(1, 30_000 * pauseScale)))))
        while Self.now() < deadline {
            round += 1
            do {
                let link = try await login(accounts[index])
                let contacts = (0..<2).map { _ in (index + Int.random(in: 1..<accounts.count)) % accounts.count }
                try await link.send(
                    .ohiEdit(.init(id: "first_ohi", uids: contacts.map { accounts[$0].uid }, kind: .initialize)))
                _ = try await link.nextReply(op: "ack")
                try await link.send(
                    .ping(
                        .init(
                            id: "ping", from: accounts[index].alias, to: accounts[contacts[0]].alias, dataLength: 5)),
                    data: Array("hello".utf8))
                _ = try await link.nextReply(op: "ack")
                for n in 0..<Int.random(in: 1...4) where budget.take() {
                    let size = Int(exp(Double.random(in: log(80.0)...log(250_000.0))))
                    expected += try await post(
                        on: link, id: "c\(round).\(n)",
                        to: contacts.map {
                            Addressee(id: accounts[$0].uid, kind: .user)
                        }, size: size, deliveries: 2)
                }
                if let group, budget.take() {
                    expected += try await post(
                        on: link, id: "g\(round)", to: [Addressee(id: group.gid, kind: .groupExcludingSelf)],
                        size: Int.random(in: 80...4096), deliveries: group.size - 1)
                }
                try await link.send(.quit(.init()))
                await link.close()
            } catch {
                stats.recordError("cycle: \(error)")
            }
            let pause = Double.random(in: 1...30) * pauseScale
            try? await Task.sleep(for: .milliseconds(Int(pause * 1000)))
        }
        return expected
    }

    private func post(on link: LoadLink, id: String, to recipients: [Addressee], size: Int, deliveries: Int)
        async throws -> Int
    {
        var payload = [UInt8](repeating: 0x62, count: max(8, size))
        let start = Self.now()
        withUnsafeBytes(of: start.littleEndian) { payload.replaceSubrange(0..<8, with: $0) }
        try await link.send(
            .post(.init(id: id, recipients: recipients, dataLength: Int64(payload.count))), data: payload)
        guard case .ack(let ack) = try await link.nextReply(op: "ack") else { return 0 }
        if let error = ack.error {
            stats.recordError("post: \(error)")
            return 0
        }
        stats.recordPost(bytes: payload.count, ackNanoseconds: Self.now() - start)
        return deliveries
    }
}

/// Hands a link from the task that logged it in to the one that drives it.
final class LoadLinkBox: @unchecked Sendable {
    let link: LoadLink
    init(_ link: LoadLink) { self.link = link }
}
