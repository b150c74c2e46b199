import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64

    init(_ now: UInt64) { self.now = now }

    var value: UInt64 {
        get { lock.withLock { now } }
        set { lock.withLock { now = newValue } }
    }
}

@Suite struct MessageIDAllocatorTests {
    @Test func idsFollowTheClockAndNeverRepeat() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        let clock = ManualClock(1_000_000)
        let ids = MessageIDAllocator(store: store, blockSize: 4, clock: { clock.value })
        var seen: [UInt64] = []
        for _ in 0..<6 { seen.append(try await ids.next()) }
        #expect(seen == [1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004, 1_000_005])
        clock.value = 5_000_000  // the clock jumps ahead: the next block starts there
        seen.append(try await ids.next())
        seen.append(try await ids.next())
        seen.append(try await ids.next())
        #expect(seen.suffix(3) == [1_000_006, 1_000_007, 5_000_000])
    }

    @Test func concurrentCallersGetDistinctIncreasingIds() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        let ids = MessageIDAllocator(store: store, blockSize: 16, clock: { 42 })
        let all = try await takeConcurrently(from: ids, callers: 20, each: 25)
        #expect(Set(all).count == 500)
        #expect(all.min() == 42 && all.max() == 541)
    }

    @Test func reservationsNeverOverlapEvenWithClockBehind() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteServerStore(directory: directory.path)
        #expect(try await store.reserveMessageIDs(clock: 100, count: 10) == 100..<110)
        #expect(try await store.reserveMessageIDs(clock: 50, count: 10) == 110..<120)
        #expect(try await store.reserveMessageIDs(clock: 500, count: 10) == 500..<510)
        await #expect(throws: StoreError.self) {
            _ = try await store.reserveMessageIDs(clock: UInt64.max - 5, count: 10)
        }
    }
    /// On a shared sequence (PostgreSQL), callers take ids side by side: still distinct, and each
    /// caller's increasing.
    @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
    func callersOnASharedSequenceGetDistinctIncreasingIds() async throws {
        try await withStore(.postgres) { store, _ in
            let ids = MessageIDAllocator(store: store)
            let all = try await takeConcurrently(from: ids, callers: 20, each: 10)
            #expect(Set(all).count == 200)
        }
    }

    /// Ids taken by `callers` tasks at once, `each` apiece; each caller's own must increase.
    private func takeConcurrently(from ids: MessageIDAllocator, callers: Int, each: Int) async throws -> [UInt64] {
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var mine: [UInt64] = []
                    for _ in 0..<each { mine.append(try await ids.next()) }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await mine in group {
                #expect(mine == mine.sorted())
                all += mine
            }
            return all
        }
    }
}
