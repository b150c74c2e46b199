import Foundation
import GRDB
import Testing

@testable import QuireCore

/// The thread list's pages: the same rows in the same order however they are cut, and a page's rows
/// found on an index without sorting the whole list (what keeps a page deep in a large store fast).
@Suite("Thread list pages")
struct ThreadPageTests {
    static let queries: [ThreadQuery] = [
        ThreadQuery(), ThreadQuery(account: "home"), ThreadQuery(unreadOnly: true),
        ThreadQuery(account: "home", unreadOnly: true), ThreadQuery(account: "home", tag: "later"),
    ]

    /// 130 threads over 4 distinct activity times (most rows tie on activity), some read, some tagged.
    static func seed(_ store: ClientStore) async throws {
        for number in 1...130 {
            try await store.insertReceived(received(number, day: 1 + number % 4), account: "home")
            if number % 3 == 0 { try await store.setThreadRead(true, account: "home", thread: msgid(number)) }
            if number % 5 == 0 { try await store.addTag("later", account: "home", thread: msgid(number)) }
        }
    }

    @Test("pages walked one after another give the whole list, ties broken by id", arguments: queries)
    func pagesJoinUp(query: ThreadQuery) async throws {
        try await withStore { store, _ in
            try await Self.seed(store)
            var whole = query
            whole.limit = 1_000
            let expected = try await store.threads(whole)
            #expect(!expected.isEmpty)
            let keys = expected.map { ($0.lastActivity, $0.id) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) })

            var walked: [ThreadSummary] = []
            var page = query
            page.limit = 17
            page.offset = 0
            while true {
                let rows = try await store.threads(page)
                walked += rows
                if rows.count < page.limit { break }
                page.offset += page.limit
            }
            #expect(walked.map(\.id) == expected.map(\.id))
            #expect(try await store.threadCount(query) == expected.count)
            #expect(walked.map(\.tags) == expected.map(\.tags))
            #expect(walked.map(\.starterAlias) == expected.map(\.starterAlias))
            if query.unreadOnly { #expect(walked.allSatisfy { $0.unreadCount > 0 }) }
            if query.tag != nil {
                #expect(walked.allSatisfy { $0.tags.contains("later") }, "\(walked.map { ($0.id, $0.tags) })")
            }
        }
    }

    @Test("a page's rows come from an index walk, with no sort of the whole list", arguments: queries.prefix(4))
    func pageUsesAnIndex(query: ThreadQuery) async throws {
        try await withStore { store, _ in
            var deepPage = query
            deepPage.offset = 90_000
            deepPage.limit = 100
            let deep = deepPage
            let plan = try await store.pool.read { db in
                let accountID = try query.account.map { try ClientStore.accountID(db, $0) }
                let statement = ThreadPageStatement(query: deep, accountID: accountID)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                    .map { row -> (id: Int, parent: Int, detail: String) in (row["id"], row["parent"], row["detail"]) }
            }
            let page = try #require(plan.first { $0.detail.hasPrefix("MATERIALIZE") }, "plan: \(plan)")
            let pageSteps = plan.filter { $0.parent == page.id }.map(\.detail)
            #expect(pageSteps.contains { $0.contains("INDEX thread_") }, "plan: \(pageSteps)")
            #expect(!pageSteps.contains { $0.contains("TEMP B-TREE") }, "plan: \(pageSteps)")
        }
    }

    @Test("pages from a neighbour's edge and from the oldest end are the pages found by offset", arguments: queries)
    func keysetPagesMatchOffsetPages(query: ThreadQuery) async throws {
        try await withStore { store, _ in
            try await Self.seed(store)
            var whole = query
            whole.limit = 1_000
            let expected = try await store.threads(whole).map(\.id)
            let size = 9
            let pageCount = (expected.count + size - 1) / size
            func page(_ number: Int) -> [String] {
                Array(expected[(number * size)..<min(expected.count, (number + 1) * size)])
            }
            var request = query
            request.limit = size
            // Forward, each page after the last row of the one before.
            var previous: ThreadSummary?
            for number in 0..<pageCount {
                request.after = previous?.position
                let rows = try await store.threads(request)
                #expect(rows.map(\.id) == page(number), "forward page \(number)")
                previous = rows.last
            }
            // Backward, each page before the first row of the one after.
            request.after = nil
            var next: ThreadSummary? = nil
            for number in (0..<pageCount).reversed() {
                if let next {
                    request.before = next.position
                    request.limit = size
                } else {
                    request.before = nil
                    request.fromOldest = true
                    request.limit = expected.count - number * size
                }
                let rows = try await store.threads(request)
                request.fromOldest = false
                #expect(rows.map(\.id) == page(number), "backward page \(number)")
                next = rows.first
            }
            // From the oldest end by offset.
            request.before = nil
            request.fromOldest = true
            for number in 0..<pageCount {
                let end = min(expected.count, (number + 1) * size)
                request.offset = expected.count - end
                request.limit = end - number * size
                #expect(try await store.threads(request).map(\.id) == page(number), "from the oldest, page \(number)")
            }
        }
    }

    @Test("a page from an edge or from the oldest end walks an index, with no sort", arguments: queries.prefix(4))
    func keysetPageUsesAnIndex(query: ThreadQuery) async throws {
        let edge = ThreadPosition(lastActivity: 1_700_000_000_000_000, id: "0000000000000abc")
        var after = query
        after.after = edge
        var before = query
        before.before = edge
        var oldest = query
        oldest.fromOldest = true
        oldest.offset = 50
        try await withStore { store, _ in
            for variant in [after, before, oldest] {
                let frozen = variant
                let plan = try await store.pool.read { db in
                    let accountID = try query.account.map { try ClientStore.accountID(db, $0) }
                    let statement = ThreadPageStatement(query: frozen, accountID: accountID)
                    return try Row.fetchAll(
                        db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments
                    ).map { row -> (id: Int, parent: Int, detail: String) in (row["id"], row["parent"], row["detail"]) }
                }
                let page = try #require(plan.first { $0.detail.hasPrefix("MATERIALIZE") }, "plan: \(plan)")
                let steps = plan.filter { $0.parent == page.id }.map(\.detail)
                #expect(steps.contains { $0.contains("INDEX thread_") }, "plan: \(steps)")
                #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "plan: \(steps)")
                if variant.after != nil || variant.before != nil {
                    // A range search from the edge, not a walk from the top of the index.
                    #expect(
                        steps.contains { $0.contains("SEARCH") && $0.contains("(last_activity,id)") }, "plan: \(steps)")
                }
            }
        }
    }
}
