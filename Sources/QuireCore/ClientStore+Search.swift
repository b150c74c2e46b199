import Foundation
import GRDB

extension ClientStore {
    /// Runs a search, newest first, one page at a time.
    ///
    /// - Parameters:
    ///   - query: parsed with `SearchQuery(parsing:)`.
    ///   - limit: hits per page.
    ///   - cursor: the `next` of the previous page; nil for the first page.
    ///   - timeZone: the zone in which `before:` and `after:` days start.
    public nonisolated func search(
        _ query: SearchQuery,
        limit: Int = 50,
        after cursor: SearchCursor? = nil,
        timeZone: TimeZone = .current
    ) async throws -> SearchPage {
        let statement = SearchStatement(query: query, before: cursor?.key, limit: max(1, limit), timeZone: timeZone)
        return try await read { db in
            var hits: [SearchHit] = []
            var lastKey: Int64?
            let rows = try Row.fetchCursor(db, sql: statement.sql, arguments: statement.arguments)
            while let row = try rows.next() {
                lastKey = row[0]
                hits.append(
                    SearchHit(
                        account: row["name"], threadID: row["thread_id"], msgid: row["msgid"],
                        fromUID: row["from_uid"], fromAlias: row["from_alias"], posted: row["posted"],
                        subject: row["subject"], isRead: row["is_read"]))
            }
            let next = hits.count == max(1, limit) ? lastKey.map(SearchCursor.init(key:)) : nil
            return SearchPage(hits: hits, next: next)
        }
    }
}
