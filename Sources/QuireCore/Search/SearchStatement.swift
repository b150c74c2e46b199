import Foundation
import GRDB
import TMTP

/// A search query compiled to one SQL statement with bound arguments.
///
/// User text never becomes SQL or FTS5 syntax: every word and phrase is bound as a single FTS5
/// string (`"..."` with inner quotes doubled), so `OR`, `NEAR(`, `*`, `^` and column filters
/// typed by the user are searched for as text. Results come newest first through the message
/// key (posted time in microseconds), which FTS5 can walk backwards without sorting.
struct SearchStatement {
    var sql: String
    var arguments: StatementArguments

    init(query: SearchQuery, before cursor: Int64?, limit: Int, timeZone: TimeZone) {
        var positives: [String] = []
        var negatives: [String] = []
        var filters: [(sql: String, arguments: [DatabaseValueConvertible])] = []
        for term in query.terms {
            var negated = false
            var base = term
            while case .not(let inner) = base {
                negated.toggle()
                base = inner
            }
            switch base {
            case .word(let text), .phrase(let text):
                guard let string = Self.ftsString(text) else { continue }
                if negated { negatives.append(string) } else { positives.append(string) }
            default:
                guard let filter = Self.filter(base, timeZone: timeZone) else { continue }
                filters.append(negated ? ("NOT (\(filter.sql))", filter.arguments) : filter)
            }
        }

        let usesIndex = !positives.isEmpty
        let key = usesIndex ? "message_fts.rowid" : "m.id"
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible] = []
        if usesIndex {
            var match = positives.joined(separator: " AND ")
            if !negatives.isEmpty {
                match = "(\(match)) NOT (\(negatives.joined(separator: " OR ")))"
            }
            conditions.append("message_fts MATCH ?")
            arguments.append(match)
        } else if !negatives.isEmpty {
            conditions.append("m.id NOT IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)")
            arguments.append(negatives.joined(separator: " OR "))
        }
        for filter in filters {
            conditions.append(filter.sql)
            arguments.append(contentsOf: filter.arguments)
        }
        if let cursor {
            conditions.append("\(key) < ?")
            arguments.append(cursor)
        }
        let from =
            usesIndex
            ? "message_fts JOIN message m ON m.id = message_fts.rowid"
            : "message m"
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        self.sql = """
            SELECT m.id, a.name, m.thread_id, m.msgid, m.from_uid, m.from_alias, m.posted, m.subject, m.is_read
            FROM \(from) JOIN account a ON a.id = m.account_id
            \(whereClause)
            ORDER BY \(key) DESC
            LIMIT ?
            """
        self.arguments = StatementArguments(arguments)
    }

    /// An FTS5 string literal for `text`, or nil when it holds nothing the tokenizer indexes
    /// (an empty FTS5 string would match nothing, which is never what punctuation meant).
    static func ftsString(_ text: String) -> String? {
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func filter(_ term: SearchQuery.Term, timeZone: TimeZone)
        -> (sql: String, arguments: [DatabaseValueConvertible])?
    {
        switch term {
        case .from(let who):
            return ("(m.from_alias = ? COLLATE NOCASE OR m.from_uid = ?)", [who, who])
        case .to(let who):
            return (
                "EXISTS (SELECT 1 FROM message_cc c WHERE c.message_id = m.id AND (c.alias = ? OR c.uid = ?))",
                [who, who]
            )
        case .tag(let tag):
            return (
                """
                (EXISTS (SELECT 1 FROM thread_tag t
                         WHERE t.account_id = m.account_id AND t.thread_id = m.thread_id AND t.tag = ?)
                 OR EXISTS (SELECT 1 FROM message_hashtag h WHERE h.message_id = m.id AND h.tag = ?))
                """,
                [tag, tag]
            )
        case .unread(let unread):
            return ("m.is_read = ?", [unread ? 0 : 1])
        case .before(let date):
            return ("m.id < ?", [startOfDay(date, timeZone: timeZone)])
        case .after(let date):
            return ("m.id >= ?", [startOfDay(date, timeZone: timeZone)])
        case .site(let name):
            return ("(a.name = ? COLLATE NOCASE OR a.site_name = ? COLLATE NOCASE)", [name, name])
        case .word, .phrase, .not:
            return nil
        }
    }

    /// The message key (microseconds since the epoch) at which `date` starts in `timeZone`.
    static func startOfDay(_ date: SearchDate, timeZone: TimeZone) -> Int64 {
        let days = PostedTime.days(fromCivil: Int64(date.year), Int64(date.month), Int64(date.day))
        let utcMidnight = days * 86_400
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcMidnight))))
        return (utcMidnight - offset) * 1_000_000
    }
}
