import GRDB

/// One page of the thread list (newest activity first) as SQL with bound arguments.
///
/// The page's rows are found first, by a walk of an index that ends in the sort keys (last activity, id);
/// only the page's own rows then get the summary's subqueries (starter, tags). Computed for every row
/// ahead of a sort, those made a page deep in a 100,000-thread store cost seconds. A page next to one
/// already read starts from that page's edge (``ThreadQuery/after``, ``ThreadQuery/before``), so the
/// walk is a page long however deep the page; OFFSET rows are skipped inside the index one by one, and
/// are counted from the nearer end (``ThreadQuery/fromOldest``).
struct ThreadPageStatement {
    var sql: String
    var arguments: StatementArguments

    /// - Parameter accountID: the row id of `query.account`, when the query names one.
    init(query: ThreadQuery, accountID: Int64?) {
        var filter = Self.filter(query, accountID: accountID)
        if let after = query.after {
            filter.conditions.append("(t.last_activity, t.id) < (?, ?)")
            filter.arguments += [after.lastActivity, after.id]
        }
        if let before = query.before {
            filter.conditions.append("(t.last_activity, t.id) > (?, ?)")
            filter.arguments += [before.lastActivity, before.id]
        }
        let newestFirst = "ORDER BY t.last_activity DESC, t.id DESC"
        // Walking from the older side, the nearest rows come first; the page is then put newest first.
        let walk = query.before != nil || query.fromOldest ? "ORDER BY t.last_activity, t.id" : newestFirst
        sql = """
            WITH page AS (SELECT t.rowid AS row FROM thread t \(filter.whereClause) \(walk) LIMIT ? OFFSET ?)
            \(ClientStore.threadSummarySelect(from: "page JOIN thread t ON t.rowid = page.row")) \(newestFirst)
            """
        arguments = StatementArguments(filter.arguments + [query.limit, query.offset])
    }

    /// How many threads the view of `query` holds (its limit and offset aside), counted on the same
    /// indexes without reading a row.
    static func count(_ query: ThreadQuery, accountID: Int64?) -> (sql: String, arguments: StatementArguments) {
        let filter = Self.filter(query, accountID: accountID)
        return ("SELECT count(*) FROM thread t \(filter.whereClause)", StatementArguments(filter.arguments))
    }

    /// The conditions of a view and their arguments.
    private struct Filter {
        var conditions: [String]
        var arguments: [DatabaseValueConvertible]

        /// The WHERE clause (empty for all threads).
        var whereClause: String {
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        }
    }

    /// The conditions of the view of `query` (not its place in the list).
    private static func filter(_ query: ThreadQuery, accountID: Int64?) -> Filter {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible] = []
        if let accountID {
            conditions.append("t.account_id = ?")
            arguments.append(accountID)
        }
        if query.unreadOnly { conditions.append("t.unread_count > 0") }
        if let tag = query.tag {
            conditions.append(
                """
                (EXISTS (SELECT 1 FROM thread_tag tt WHERE tt.account_id = t.account_id AND tt.thread_id = t.id
                         AND tt.tag = ?)
                 OR EXISTS (SELECT 1 FROM message m JOIN message_hashtag h ON h.message_id = m.id
                            WHERE m.account_id = t.account_id AND m.thread_id = t.id AND h.tag = ?))
                """)
            let name = tag.hasPrefix("#") ? String(tag.dropFirst()) : tag
            arguments.append(contentsOf: [name, name])
        }
        return Filter(conditions: conditions, arguments: arguments)
    }
}
