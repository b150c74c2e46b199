import QuireCore
import QuireRender

/// The matches of the last search, in place of the thread list until closed. Searches stay
/// within the site on screen unless the query names one.
final class SearchScreen {
    private(set) var results: SearchResults?
    private let reader: StoreReader
    private let status: StatusBoard

    init(reader: StoreReader, status: StatusBoard) {
        self.reader = reader
        self.status = status
    }

    var isOpen: Bool { results != nil }

    /// Runs `text` as a query over `account`'s messages; true when the matches are on screen
    /// (the status line says how many, or why not).
    @discardableResult
    func run(_ text: String, title: String?, account: String?, dates: RelativeDate) -> Bool {
        var query: SearchQuery
        do {
            query = try SearchQuery(parsing: text)
        } catch {
            status.error("search: \(error.description)")
            return false
        }
        if let account, !text.contains("site:") { query.terms.append(.site(account)) }
        do {
            let found = try SearchResults(reader: reader, text: title ?? text, query: query, dates: dates)
            results = found
            status.info(
                found.numberOfRows == 0
                    ? "no matches for \(text)" : "\(found.numberOfRows)\(found.hasMore ? "+" : "") matches")
            return true
        } catch {
            status.error("search failed: \(error)")
            return false
        }
    }

    func close() {
        results = nil
    }

    func move(_ motion: Motion, height: Int) {
        guard let results else { return }
        results.list.move(motion, rowCount: results.numberOfRows, height: height)
        results.prefetch(height: height)
    }

    /// The thread of the selected match, and the match's message.
    var selected: (thread: ThreadKey, msgid: String)? {
        guard let hit = results?.selectedHit else { return nil }
        return (ThreadKey(account: hit.account, id: hit.threadID), hit.msgid)
    }

    func clamp(height: Int) {
        results?.list.clamp(rowCount: results?.numberOfRows ?? 0, height: height)
    }

    func draw(in canvas: Canvas) {
        guard let results else { return }
        results.list.draw(results, in: canvas)
        if results.numberOfRows == 0 {
            canvas.draw(UIText(" No messages match."), row: 0, column: 0, role: .rowDetail)
        }
    }

    /// The query and the position in the matches, for the status line.
    var statusText: TerminalSafeText {
        guard let results else { return .empty }
        return TerminalSafeText(
            sanitising: "\(results.text) \(min(results.list.selection + 1, results.numberOfRows))/"
                + "\(results.numberOfRows)\(results.hasMore ? "+" : "")")
    }
}
