import Foundation
import GRDB
import Testing

@testable import QuireCore

/// Newest-first pages must come from walking the index backwards, not from sorting every
/// match: that is what keeps a first page fast on a large store. Checked on the query plan.
@Suite("Search query plans")
struct SearchPlanTests {
    @Test(
        "searches are answered without sorting all matches",
        arguments: ["rocket", "rocket launch -draft", "\"a phrase\" from:ann is:unread site:home", "from:ann", "tag:x"])
    func noSortStep(text: String) async throws {
        try await withStore { store, _ in
            let statement = SearchStatement(
                query: try SearchQuery(parsing: text), before: 12345, limit: 50, timeZone: .current)
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                    .map { row -> String in row["detail"] }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "plan: \(plan)")
        }
    }

    @Test("unread counts read the kept counts, never the threads")
    func unreadCountsPlan() async throws {
        try await withStore { store, _ in
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ClientStore.unreadCountsSQL)
                    .map { row -> String in row["detail"] }
            }
            // One lookup of `u` (account_unread) by its key per account; no thread index or table.
            #expect(plan.contains { $0.hasPrefix("SEARCH u USING INTEGER PRIMARY KEY") }, "plan: \(plan)")
            #expect(!plan.contains { $0.contains("thread") }, "plan: \(plan)")
        }
    }
}
