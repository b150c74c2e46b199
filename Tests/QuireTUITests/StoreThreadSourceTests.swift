import Foundation
import QuireCore
import QuireRender
import Synchronization
import Testing

@testable import QuireTUI

/// The paged thread list over a real store: pages read ahead, rows right across page edges,
/// the selection found again after a change.
@Suite("Store thread source")
struct StoreThreadSourceTests {
    /// A store with `count` one-message threads, newest (highest number) first in the list.
    static func store(threads count: Int) async throws -> (ClientStore, URL) {
        let home = try AppHarness.makeHome()
        let store = try ClientStore(home: home)
        try await store.addAccount(AppHarness.registeredAccount())
        try await insert(store, range: 0..<count)
        return (store, home.dataDirectory)
    }

    static func insert(_ store: ClientStore, range: Range<Int>) async throws {
        let messages = range.map { number in
            ReceivedMessage(
                msgid: AppHarness.msgid(0x1000 + number), fromUID: "UANN000000000001",
                posted: ISO8601DateFormatter().string(
                    from: Date(timeIntervalSince1970: 1_790_000_000 + Double(number))),
                alias: "Ann Lee", subject: "Thread \(number)", body: "Body \(number)")
        }
        _ = try await store.insertReceived(messages, account: AppHarness.account)
    }

    static let query = ThreadQuery(account: AppHarness.account)

    @Test("near a page edge the next pages are read ahead; rows across edges are the store's")
    func readAhead() async throws {
        let (store, directory) = try await Self.store(threads: 350)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try await store.threads(ThreadQuery(account: AppHarness.account, limit: 400)).map(\.id)
        let (kept, ids) = try await DedicatedThread.run {
            let source = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            _ = source.summary(at: 70)
            source.finishReadingAhead()
            let kept = source.keptPages
            let ids = (0..<350).compactMap { source.summary(at: $0)?.id }
            return (kept, ids)
        }
        #expect(kept.isSuperset(of: [0, 1, 2]), "the two pages after the cursor's are read ahead")
        #expect(ids == expected)
    }

    @Test("from the end back to the top, and from the top down, in both orders: the store's rows in order")
    func pagesFromEitherEnd() async throws {
        let (store, directory) = try await Self.store(threads: 1_050)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try await store.threads(ThreadQuery(account: AppHarness.account, limit: 2_000)).map(\.id)
        let (newestDown, newestUp, oldestDown) = try await DedicatedThread.run {
            let newest = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            newest.setExactCount(1_050)
            let down = (0..<1_050).compactMap { newest.summary(at: $0)?.id }
            let fresh = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            fresh.setExactCount(1_050)
            let up = (0..<1_050).reversed().compactMap { fresh.summary(at: $0)?.id }
            let oldest = try StoreThreadSource(reader: store.reader, query: Self.query, order: .oldest)
            let oldestDown = (0..<1_050).compactMap { oldest.summary(at: $0)?.id }
            return (down, up, oldestDown)
        }
        #expect(newestDown == expected)
        #expect(newestUp == expected.reversed())
        #expect(oldestDown == expected.reversed())
    }

    @Test("a row whose page is not read yet is drawn blank at once, read in the background, then drawn")
    func blankUntilRead() async throws {
        let (store, directory) = try await Self.store(threads: 350)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try await store.threads(ThreadQuery(account: AppHarness.account, limit: 1, offset: 320))
        let told = Mutex(0)
        let (before, after) = try await DedicatedThread.run {
            let source = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            source.setExactCount(350)
            source.onPageRead = { told.withLock { $0 += 1 } }
            let before = source.thread(at: 320)
            source.finishReadingAhead()
            return (before, source.thread(at: 320))
        }
        #expect(before == nil, "not waited for")
        #expect(told.withLock { $0 } >= 1, "the app is told when the page is in")
        #expect(after?.subject == TerminalSafeText(sanitising: try #require(expected.first).subject))
    }

    @Test("scrolling deep keeps a bounded number of pages, the first always among them")
    func firstPageStays() async throws {
        let (store, directory) = try await Self.store(threads: 2_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kept = try await DedicatedThread.run {
            let source = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            for page in 0..<20 { _ = source.summary(at: page * 100) }
            source.finishReadingAhead()
            return source.keptPages
        }
        #expect(kept.contains(0) && kept.contains(19))
        #expect(kept.count <= 16)
    }

    @Test("after a new thread arrives, the selection is found again one row further, on a page not read yet")
    func selectionAfterArrival() async throws {
        let (store, directory) = try await Self.store(threads: 350)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (selected, found, row) = try await DedicatedThread.run {
            let before = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            let summary = try #require(before.summary(at: 199))
            let key = ThreadKey(account: summary.account, id: summary.id)
            try awaitStore { try await Self.insert(store, range: 1000..<1001) }
            let after = try StoreThreadSource(reader: store.reader, query: Self.query, order: .date)
            let found = after.index(of: key, near: 199)
            return (key.id, found, found.flatMap { after.summary(at: $0)?.id })
        }
        #expect(found == 200)
        #expect(row == selected)
    }
}
