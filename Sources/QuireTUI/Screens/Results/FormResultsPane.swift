import Foundation
import QuireCore
import QuireRender

/// The results table of a form family: one row per filled form sent or received, who, when and
/// where first, then a column per field; rows that failed validation are kept and marked. The
/// cursor's column is sorted by `s` (again: reversed), `/` filters, `e` exports, Enter opens the
/// message the row came from.
public struct FormResultsPane: ModalPane {
    public private(set) var table: FormResultsTable
    /// The rows shown: filtered and sorted.
    public private(set) var rows: [FormResultRow]
    /// The column the cursor is on.
    public private(set) var column = 0
    public private(set) var sortColumn: Int?
    public private(set) var ascending = true
    public private(set) var filter = ""
    private let scroll = TableScroll()
    private let columns: [FormResultsColumn]
    private let invalidCount: Int

    public init(table: FormResultsTable) {
        self.table = table
        columns = table.columns
        rows = table.view()
        invalidCount = table.rows.count { !$0.isValid }
    }

    public var keyContext: KeyContext { .table }

    public var title: TerminalSafeText { TerminalSafeText(sanitising: "Results: \(table.family)") }

    /// The row under the cursor.
    public var selectedRow: FormResultRow? {
        rows.indices.contains(scroll.view.list.selection) ? rows[scroll.view.list.selection] : nil
    }

    public mutating func handle(_ command: Command) -> PaneOutcome {
        switch command {
        case .moveColumn(let step):
            // The table scrolls sideways when drawn, until the cursor's column is wholly in view.
            column = min(max(0, column + step), columns.count - 1)
        case .sortColumn:
            if sortColumn == column { ascending.toggle() } else { (sortColumn, ascending) = (column, true) }
            reorder()
        case .sort(let key):
            guard let index = columnIndex(named: key) else { return .ignored }
            (column, sortColumn, ascending) = (index, index, true)
            reorder()
        case .filter(let text):
            filter = text?.trimmingCharacters(in: .whitespaces) ?? ""
            // Folded once, at the first filter: opening the table does not wait for it.
            if !filter.isEmpty { table.prepareSearch() }
            reorder()
        case .export(let path):
            let json = path.lowercased().hasSuffix(".json")
            let data = json ? table.json(rows) : Data(table.csv(rows).utf8)
            return .request(.export(path: path, contents: data, rowCount: rows.count))
        case .open:
            guard let row = selectedRow else { return .handled }
            return .request(.openMessage(account: row.account, thread: row.threadID, msgid: row.msgid))
        default:
            return scroll.handle(command, rowCount: rows.count, columnCount: columns.count) ?? .ignored
        }
        return .handled
    }

    public mutating func insert(_ text: String) -> PaneOutcome { .ignored }

    public mutating func complete(_ request: AppRequest, with result: RequestResult) {}

    public func draw(in canvas: Canvas) {
        let summary = TerminalSafeText(
            sanitising: " \(table.family): \(rows.count) of \(table.rows.count) rows"
                + (filter.isEmpty ? "" : " matching “\(filter)”")
                + "  ·  \(invalidCount) marked invalid")
        scroll.view.sortColumn = sortColumn
        scroll.view.sortDescending = !ascending
        scroll.view.currentColumn = column
        scroll.drawPane(
            summary: summary, Cells(table: table, columns: columns, rows: rows),
            empty: filter.isEmpty ? " No filled forms yet." : " No rows match the filter.", in: canvas)
    }

    public func cursor(in canvas: Canvas) -> CursorPosition? { nil }

    private mutating func reorder() {
        let kept = selectedRow
        rows = table.view(
            sortedBy: sortColumn.map { columns[$0] }, ascending: ascending, filter: filter)
        let index = kept.flatMap { row in rows.firstIndex { $0.msgid == row.msgid && $0.formName == row.formName } }
        scroll.view.list.select(index ?? 0, rowCount: rows.count, height: scroll.height)
    }

    /// A column by its export name (`who`, a field's model) or its heading, any case.
    private func columnIndex(named name: String) -> Int? {
        let wanted = name.lowercased()
        return columns.firstIndex {
            $0.description.lowercased() == wanted || table.heading($0).lowercased() == wanted
        }
    }

    /// The shown rows as table cells.
    private struct Cells: TableViewDataSource {
        let table: FormResultsTable
        let columns: [FormResultsColumn]
        let rows: [FormResultRow]

        var columnTitles: [TerminalSafeText] { columns.map { TerminalSafeText(sanitising: table.heading($0)) } }
        var numberOfRows: Int { rows.count }

        func cell(row: Int, column: Int) -> TerminalSafeText {
            TerminalSafeText(sanitising: table.text(rows[row], columns[column]))
        }

        func isFlagged(row: Int) -> Bool { !rows[row].isValid }
    }
}
