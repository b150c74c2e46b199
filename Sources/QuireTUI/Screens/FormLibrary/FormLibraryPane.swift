import Foundation
import QuireCore
import QuireRender

/// The blank forms of the home's library (what `quire form add` keeps), one row a revision: its
/// name, the FFN its answers are filed under, its fields, when it changed. Enter shows the
/// results table of the row's family.
public struct FormLibraryPane: ModalPane {
    public let account: String
    public let entries: [FormLibrary.Entry]
    private let scroll = TableScroll()

    public init(account: String, entries: [FormLibrary.Entry]) {
        self.account = account
        self.entries = entries
    }

    public var keyContext: KeyContext { .table }

    public var title: TerminalSafeText { UIText("Form library").safe }

    public mutating func handle(_ command: Command) -> PaneOutcome {
        guard command == .open else {
            return scroll.handle(command, rowCount: entries.count, columnCount: Cells.titles.count) ?? .ignored
        }
        let index = scroll.view.list.selection
        guard entries.indices.contains(index) else { return .handled }
        return .request(.openPane(.formResults(account: account, family: entries[index].name.family)))
    }

    public mutating func insert(_ text: String) -> PaneOutcome { .ignored }

    public mutating func complete(_ request: AppRequest, with result: RequestResult) {}

    public func draw(in canvas: Canvas) {
        scroll.drawPane(
            summary: TerminalSafeText(
                sanitising: " Form library: \(entries.count) forms  ·  Enter: results  ·  q: close"),
            Cells(entries: entries), empty: " No forms yet: `quire form add NAME FILE.json` adds one.", in: canvas)
    }

    public func cursor(in canvas: Canvas) -> CursorPosition? { nil }

    private struct Cells: TableViewDataSource {
        static let titles: [TerminalSafeText] = [
            UIText("form").safe, UIText("files answers under").safe, UIText("fields").safe, UIText("changed").safe,
        ]
        let entries: [FormLibrary.Entry]

        var columnTitles: [TerminalSafeText] { Self.titles }
        var numberOfRows: Int { entries.count }

        func cell(row: Int, column: Int) -> TerminalSafeText {
            let entry = entries[row]
            let text: String
            switch column {
            case 0: text = entry.name.description
            case 1: text = entry.ffn
            case 2: text = String(entry.spec.fields.count)
            default: text = entry.modified.formatted(.iso8601.year().month().day())
            }
            return TerminalSafeText(sanitising: text)
        }

        func isFlagged(row: Int) -> Bool { false }
    }
}
