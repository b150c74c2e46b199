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
        try await read { db in
            try StoreReader.search(db, query, limit: limit, after: cursor, timeZone: timeZone)
        }
    }
}
