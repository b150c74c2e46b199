import Foundation

/// Every filled form of one form family, one row each, with a column per field: what the reference
/// client shows as a form's table, plus sorting by any column, filtering, and export. Rows that
/// fail validation are kept and marked. The table is a value built once from the store (see
/// ``StoreReader/formResults(account:family:library:)``); sorting and filtering make new orders
/// of its rows without reading again.
public struct FormResultsTable: Sendable {
    /// The family name asked for.
    public var family: String
    /// The FFNs whose filled forms are in the table.
    public var ffns: Set<String>
    /// One field per column, in the order of the family's blank forms (first revision first),
    /// then answers no blank form names.
    public private(set) var fields: [FormField]
    public private(set) var rows: [FormResultRow]
    /// The rows' cells folded for filtering, once ``prepareSearch()`` has built it (a screen
    /// that filters again and again); without it a filter folds the cells itself, so opening a
    /// table never pays for a search it may not make.
    private var searchIndex: SearchIndex?

    public init(family: String, ffns: Set<String>, fields: [FormField], rows: [FormResultRow]) {
        self.family = family
        self.ffns = ffns
        self.fields = fields
        self.rows = rows
    }

    /// Folds every cell now, so each filter after is one byte search a row.
    public mutating func prepareSearch() {
        if searchIndex == nil { searchIndex = SearchIndex(self) }
    }

    /// Every row's cells folded (``SearchFolding``) and joined, one row after another; row `i`
    /// is `text[starts[i]..<starts[i + 1]]`.
    private struct SearchIndex: Sendable {
        var text: [UInt8] = []
        var starts: [Int] = [0]

        init(_ table: FormResultsTable) {
            let columns = table.columns
            var folding = SearchFolding()
            starts.reserveCapacity(table.rows.count + 1)
            for row in table.rows {
                for column in columns {
                    folding.append(table.text(row, column), to: &text)
                    text.append(0x0A)
                }
                folding.append(row.rawText ?? "", to: &text)
                starts.append(text.count)
            }
        }
    }

    /// Every column: who, when, where, revision, status, then the fields.
    public var columns: [FormResultsColumn] {
        [.who, .posted, .thread, .message, .revision, .status] + fields.map { .field($0.model) }
    }

    /// A column's heading: a field's label, else the column's name.
    public func heading(_ column: FormResultsColumn) -> String {
        guard case .field(let model) = column else { return column.description }
        return fields.first { $0.model == model }?.label ?? model
    }

    /// One cell as text.
    public func text(_ row: FormResultRow, _ column: FormResultsColumn) -> String {
        switch column {
        case .who: row.fromAlias
        case .posted: row.posted
        case .thread: row.threadID
        case .message: row.msgid
        case .revision: row.formName
        case .status: row.problems.isEmpty ? "ok" : row.problems.joined(separator: "; ")
        case .field(let model): row.answers[model]?.text ?? ""
        }
    }

    /// The rows in the order of `column` (numbers by value, text by its characters ignoring
    /// case, empty cells last), ties kept in table order; only those with `filter` in any cell
    /// (ignoring case and accents: "jose" finds "José") when given.
    public func view(sortedBy column: FormResultsColumn? = nil, ascending: Bool = true, filter: String = "")
        -> [FormResultRow]
    {
        let needle = SearchFolding.fold(filter.trimmingCharacters(in: .whitespaces))
        if needle.isEmpty, column == nil { return rows }
        var selected = Array(rows.indices)
        if !needle.isEmpty {
            let index = searchIndex ?? SearchIndex(self)
            selected = index.text.withUnsafeBufferPointer { text in
                selected.filter { Self.contains(text[index.starts[$0]..<index.starts[$0 + 1]], needle) }
            }
        }
        guard let column else { return selected.map { rows[$0] } }
        let keys = selected.map { SortKey(value: sortValue(rows[$0], column)) }
        let order = keys.indices.sorted { lhs, rhs in
            let comparison = SortKey.compare(keys[lhs], keys[rhs], ascending: ascending)
            return comparison == 0 ? lhs < rhs : comparison < 0
        }
        return order.map { rows[selected[$0]] }
    }

    /// Whether `needle` occurs in `hay`, byte for byte (both folded UTF-8).
    private static func contains(_ hay: Slice<UnsafeBufferPointer<UInt8>>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, let first = needle.first else { return needle.isEmpty }
        return needle.withUnsafeBufferPointer { pin in
            var start = hay.startIndex
            let last = hay.endIndex - pin.count
            while start <= last {
                if hay[start] == first {
                    var matched = 1
                    while matched < pin.count, hay[start + matched] == pin[matched] { matched += 1 }
                    if matched == pin.count { return true }
                }
                start += 1
            }
            return false
        }
    }

    private func sortValue(_ row: FormResultRow, _ column: FormResultsColumn) -> FormValue? {
        guard case .field(let model) = column else {
            let value = text(row, column)
            return value.isEmpty ? nil : .text(value)
        }
        return row.answers[model]
    }

    /// What a cell sorts by: numbers before text, empty cells after everything.
    private struct SortKey {
        var number: Double?
        var text: String?

        init(value: FormValue?) {
            switch value {
            case .number(let number)?: self.number = number
            case .bool(let flag)?: self.number = flag ? 1 : 0
            case let value?: self.text = value.text.lowercased()
            case nil: break
            }
        }

        static func compare(_ lhs: SortKey, _ rhs: SortKey, ascending: Bool) -> Int {
            let lhsEmpty = lhs.number == nil && lhs.text == nil
            let rhsEmpty = rhs.number == nil && rhs.text == nil
            if lhsEmpty || rhsEmpty { return lhsEmpty == rhsEmpty ? 0 : lhsEmpty ? 1 : -1 }
            var result: Int
            switch (lhs.number, rhs.number) {
            case (let left?, let right?): result = left < right ? -1 : left > right ? 1 : 0
            case (.some, nil): result = -1
            case (nil, .some): result = 1
            case (nil, nil):
                let left = lhs.text ?? ""
                let right = rhs.text ?? ""
                result = left < right ? -1 : left > right ? 1 : 0
            }
            return ascending ? result : -result
        }
    }
}
