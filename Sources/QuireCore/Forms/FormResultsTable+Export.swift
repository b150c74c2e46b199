import Foundation

extension FormResultsTable {
    /// The rows as CSV (RFC 4180): a heading line of column names, then one line per row. A field
    /// whose model repeats a fixed column's name (a form asking "who") is headed `answers.<model>`,
    /// as in the JSON, so every heading names one column.
    public func csv(_ rows: [FormResultRow]? = nil) -> String {
        let columns = columns
        let fixed = Set(
            columns.compactMap { column -> String? in
                if case .field = column { return nil }
                return column.description
            })
        let headings = columns.map { column in
            guard case .field(let model) = column, fixed.contains(model) else { return column.description }
            return "answers." + model
        }
        var lines = [headings.map(Self.csvField).joined(separator: ",")]
        for row in rows ?? self.rows {
            lines.append(columns.map { Self.csvField(text(row, $0)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The rows as JSON: `{"family", "ffns", "fields": [{model, label}], "rows": [...]}`, each row
    /// with its place, `valid`, `problems`, the answers typed as sent, and `text` when unreadable.
    public func json(_ rows: [FormResultRow]? = nil) -> Data {
        let object: [String: Any] = [
            "family": family, "ffns": ffns.sorted(),
            "fields": fields.map { ["model": $0.model, "label": $0.label] },
            "rows": (rows ?? self.rows).map { row -> [String: Any] in
                var answers: [String: Any] = [:]
                for (model, value) in row.answers { answers[model] = value.jsonObject }
                var entry: [String: Any] = [
                    "account": row.account, "who": row.fromAlias, "whoUid": row.fromUID, "posted": row.posted,
                    "thread": row.threadID, "message": row.msgid, "revision": row.formName, "valid": row.isValid,
                    "problems": row.problems, "answers": answers,
                ]
                if let text = row.rawText { entry["text"] = text }
                return entry
            },
        ]
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
    }

    /// The rows as a Markdown table of who, when and each field, with a status column when any
    /// row has problems: what a message carrying the results shows.
    public func markdown(_ rows: [FormResultRow]? = nil) -> String {
        let rows = rows ?? self.rows
        var columns: [FormResultsColumn] = [.who, .posted] + fields.map { .field($0.model) }
        if rows.contains(where: { !$0.isValid }) { columns.append(.status) }
        var lines = [
            "| " + columns.map { FormDisplay.cell(heading($0)) }.joined(separator: " | ") + " |",
            "|" + String(repeating: "---|", count: columns.count),
        ]
        for row in rows {
            lines.append("| " + columns.map { FormDisplay.cell(text(row, $0)) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
