import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

/// Says plainly, in a local run without PostgreSQL, that its cases were left out.
@Suite struct PostgresAvailabilityTests {
    @Test(
        .enabled(
            if: TestStore.postgresURL != nil || TestStore.isCI,
            "TMTPD_TEST_POSTGRES_URL is not set: the PostgreSQL cases of the store and server tests did not run"))
    func postgresIsReachable() async throws {
        let database = try await TestDatabase.create()
        await database.drop()
    }
}

@Suite struct PostgresLocationTests {
    @Test func parsesTheStoreURL() throws {
        let location = try PostgresLocation(url: "postgres://site:s3cret@db.example:6543/tmtp?sslmode=verify-full")
        #expect(location.host == "db.example" && location.port == 6543)
        #expect(location.username == "site" && location.password == "s3cret" && location.database == "tmtp")
        #expect(location.sslMode == .verifyFull)
        #expect(location.description == "postgres://site@db.example:6543/tmtp?sslmode=verify-full")
        #expect(try PostgresLocation(url: "postgresql://u@h/d").sslMode == .prefer)
        #expect(try PostgresLocation(url: "postgres://u@h/d").port == 5432)
    }

    @Test(arguments: [
        "mysql://u:p@h/d", "postgres://u:p@h/", "postgres://u:p@/d", "postgres://h/d",
        "postgres://u:p@h/d?sslmode=sometimes", "postgres://u:p@h/d?application_name=x",
    ])
    func refusesWhatItCannotUse(_ url: String) {
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: url) }
    }
}

/// Two stores on one database, as two tmtpd instances see it.
@Suite struct PostgresSharedStoreTests {
    private func withTwoStores(
        _ body: (PostgresServerStore, PostgresServerStore, TemporaryDirectory, TemporaryDirectory) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.create()
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        do {
            let a = try await database.open(spoolDirectory: first.path)
            let b = try await database.open(spoolDirectory: second.path)
            defer {
                a.close()
                b.close()
            }
            try await body(a, b, first, second)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func blobDataTravelsThroughTheDatabase() async throws {
        try await withTwoStores { a, b, _, secondDirectory in
            let node = try await a.register("U1")
            let writer = try a.blobs.makeWriter()
            let content = [UInt8]((0..<200_000).map { UInt8($0 % 251) })
            try writer.append(content)
            let blob = try writer.finish()
            try await a.enqueue([Delivery(message(1, data: .blob(blob)), to: [node])])
            // The other instance has no such file until it delivers; then it writes it from the row.
            #expect(try secondDirectory.files(in: "blobs/data").isEmpty)
            let head = try #require(try await b.nextMessage(for: node))
            #expect(head.data == .blob(blob) && head.dataLength == content.count)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: b.blobs.path(of: blob)))) == content)
            #expect(try await b.acknowledge(1, for: node))
            #expect(try secondDirectory.files(in: "blobs/data").isEmpty)
            #expect(try await a.statistics().messages == 0)
        }
    }

    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func messageIDsAreUniqueAndIncreaseAcrossStores() async throws {
        try await withTwoStores { a, b, _, _ in
            var last: UInt64 = 0
            for round in 0..<50 {
                let store = round % 2 == 0 ? a : b
                let ids = try await store.reserveMessageIDs(clock: 0, count: 1 << 16)
                #expect(ids.count == 1 && ids.lowerBound > last)
                last = ids.lowerBound
            }
            let together = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for n in 0..<200 {
                    let store = n % 2 == 0 ? a : b
                    group.addTask { try await store.reserveMessageIDs(clock: 0, count: 1).lowerBound }
                }
                return try await group.reduce(into: Set<UInt64>()) { $0.insert($1) }
            }
            #expect(together.count == 200 && together.allSatisfy { $0 > last })
        }
    }

    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func limitsHoldAcrossStores() async throws {
        try await withTwoStores { a, b, _, _ in
            let invite = try await a.createInvite(uses: 3, expires: nil, now: Date())
            let taken = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<10 {
                    let store = n % 2 == 0 ? a : b
                    group.addTask { try await store.consumeInvite(invite.code, now: Date()) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(taken == 3)

            // Twenty posts at once, half through each store, to a node with room for five; each takes
            // a fresh id when another commits a later one first, as the engine does.
            let node = try await a.register("full")
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<20 {
                    let store = n % 2 == 0 ? a : b
                    group.addTask {
                        while true {
                            let id = try await store.reserveMessageIDs(clock: 0, count: 1).lowerBound
                            do {
                                try await store.enqueue([Delivery(message(id), to: [node])], queueQuota: 5)
                                return true
                            } catch is QueueQuotaExceeded {
                                return false
                            } catch StoreError.messageIDBehind {
                                continue
                            }
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 5)
            #expect(try await b.queuedCount(for: node) == 5)

            // Aliases: one owner, whichever store adds it first.
            try await b.register("other")
            let owners = await withTaskGroup(of: Bool.self) { group in
                group.addTask { (try? await a.addAlias("contested", for: "full")) != nil }
                group.addTask { (try? await b.addAlias("contested", for: "other")) != nil }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(owners == 1)
        }
    }
    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func presenceIsOfflineOnlyWhenNoLiveInstanceFlags() async throws {
        try await withTwoStores { a, b, _, _ in
            // Listening marks each store's instance alive.
            let notices = b.presenceNotices()
            _ = a.presenceNotices()
            try await eventually("both instances hold their liveness locks") {
                _ = try await a.sharePresence(of: "U", flags: ["W"], online: true)
                _ = try await b.sharePresence(of: "U", flags: ["W"], online: true)
                let seenByA = try await a.presenceWatchers(of: "W")
                let seenByB = try await b.presenceWatchers(of: "W")
                return seenByA == ["U"] && seenByB == ["U"]
            }
            // U flags W through both instances: W is not offline until neither does.
            #expect(try await a.sharePresence(of: "U", flags: ["W", "X"], online: false) == ["X"])
            #expect(try await b.presenceWatchers(of: "W") == [])
            #expect(try await b.sharePresence(of: "U", flags: ["W"], online: false) == ["W"])
            // B hears A's changes (not its own).
            var heard = notices.makeAsyncIterator()
            var received: [PresenceNotice] = []
            while received.last != PresenceNotice(user: "U", online: false, uids: ["X"]) {
                guard let next = await heard.next() else { break }
                received.append(next)
            }
            #expect(received.last == PresenceNotice(user: "U", online: false, uids: ["X"]))

            // A closed instance's flags count for nothing.
            _ = try await b.sharePresence(of: "V", flags: ["W"], online: true)
            #expect(try await a.presenceWatchers(of: "W") == ["V"])
            b.close()
            try await eventually("the closed instance's presence is gone") {
                try await a.presenceWatchers(of: "W").isEmpty
            }
        }
    }
    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func idsReachEachNodeInIncreasingOrder() async throws {
        try await withTwoStores { a, b, _, _ in
            let node = try await a.register("R")
            let other = try await a.register("S")
            // A stamps first, B stamps later but commits first: A's message is behind for R, and
            // nothing of it is queued anywhere.
            let first = try await a.reserveMessageIDs(clock: 0, count: 1).lowerBound
            let second = try await b.reserveMessageIDs(clock: 0, count: 1).lowerBound
            #expect(first < second)
            try await b.enqueue([Delivery(message(second), to: [node])])
            await #expect(throws: StoreError.messageIDBehind(node)) {
                try await a.enqueue([Delivery(message(first), to: [other, node])])
            }
            #expect(try await a.queuedCount(for: other) == 0)
            // The old id still suits a node that got nothing later; a fresh one suits R.
            try await a.enqueue([Delivery(message(first), to: [other])])
            let third = try await a.reserveMessageIDs(clock: 0, count: 1).lowerBound
            try await a.enqueue([Delivery(message(third), to: [node])])
            let queued = try await b.nextMessages(for: node, excluding: [], limit: 10, byteBudget: 1 << 20)
            #expect(queued.messages.map(\.id) == [second, third])
            // A node added later starts where its source is.
            let added = try await a.addNode(uid: "R", nodeKeyHash: "key-R-2", copyingBacklogOf: 1)
            await #expect(throws: StoreError.messageIDBehind(added)) {
                try await b.enqueue([Delivery(message(first + 1), to: [added])])
            }
        }
    }
    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func loginLocksTakenAtOnceOnAFreshStoreAreAllReleased() async throws {
        try await withTwoStores { a, b, _, _ in
            let nodes = (0..<24).map { NodeAddress(uid: "U\($0)", number: 1) }
            // The first claims arrive together, before the locks' connection exists.
            let claimed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in nodes { group.addTask { try await a.claimLogin(node) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(claimed == nodes.count)
            for node in nodes { #expect(try await !b.claimLogin(node)) }
            for node in nodes { await a.releaseLogin(node) }
            for node in nodes { #expect(try await b.claimLogin(node)) }
        }
    }

    /// An instance whose liveness lock a lingering session still holds (its previous connection, not
    /// yet ended) counts as alive once that session lets go, without connecting again.
    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func livenessIsTakenOnceALingeringSessionLetsGo() async throws {
        let database = try await TestDatabase.create()
        let directories = try (0..<3).map { _ in try TemporaryDirectory() }
        do {
            let a = try await database.open(spoolDirectory: directories[0].path)
            let b = try await database.open(spoolDirectory: directories[1].path)
            let lingering = try await database.open(spoolDirectory: directories[2].path)
            defer {
                a.close()
                b.close()
                lingering.close()
            }
            try await lingering.execute(
                "SELECT pg_advisory_lock(\(PostgresSchema.LockKey.liveness), hashtext(\(a.livenessKey)))")
            // A's listener tries the lock while another session holds it.
            _ = a.presenceNotices()
            try await eventually("A tried the lock") {
                let tried = try await b.value(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'SELECT pg_try_advisory_lock($1, hashtext(%'
                    """, as: Int.self)
                return tried ?? 0 > 0
            }
            // Once the lingering session ends, A's listener takes the lock itself, so A's flags count.
            lingering.close()
            try await eventually("A's listener holds its liveness lock") {
                let held = try await b.value(
                    """
                    SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted AND s.datname = current_database()
                        AND s.query LIKE 'SELECT pg_try_advisory_lock($1, hashtext(%'
                    """, as: Int.self)
                return held == 1
            }
            _ = try await a.sharePresence(of: "U", flags: ["W"], online: true)
            #expect(try await b.presenceWatchers(of: "W") == ["U"])
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}
