import QuireCore
import QuireRender

/// The hits of a search, one row per message, newest first; more pages are read from the
/// store as the cursor nears the end of the ones read.
final class SearchResults: ListViewDataSource {
    static let pageSize = 100

    let reader: StoreReader
    /// The query as typed, for the status line.
    let text: String
    let query: SearchQuery
    private(set) var hits: [SearchHit] = []
    private var next: SearchCursor?
    var list = ListView(scrollMargin: 2)
    let dates: RelativeDate

    init(reader: StoreReader, text: String, query: SearchQuery, dates: RelativeDate) throws {
        self.reader = reader
        self.text = text
        self.query = query
        self.dates = dates
        try loadMore()
    }

    var hasMore: Bool { next != nil }
    var numberOfRows: Int { hits.count }

    /// Reads the next page, if there is one.
    func loadMore() throws {
        guard hits.isEmpty || next != nil else { return }
        let page = try reader.search(query, limit: Self.pageSize, after: next)
        hits += page.hits
        next = page.next
    }

    /// Reads ahead when the selection comes within a screen of the last hit read.
    func prefetch(height: Int) {
        if hasMore, list.selection + height >= hits.count { try? loadMore() }
    }

    var selectedHit: SearchHit? {
        hits.indices.contains(list.selection) ? hits[list.selection] : nil
    }

    func line(forRow index: Int, width: Int) -> DisplayLine {
        let hit = hits[index]
        let main: UIRole = hit.isRead ? .row : .rowUnread
        let senderWidth = width >= 100 ? 22 : 16
        let seconds = PostedDate.seconds(hit.posted) ?? 0
        let date = Truncation.fit(
            TerminalSafeText(sanitising: " " + dates.format(seconds)), width: RelativeDate.width + 1,
            alignment: .trailing)
        let site = TerminalSafeText(sanitising: " [" + hit.account + "]")
        let room = max(0, width - 2 - senderWidth - 1 - RelativeDate.width - 1 - DisplayWidth.of(site))
        return DisplayLine([
            DisplaySpan(hit.isRead ? UIText("  ") : UIText("● "), main),
            DisplaySpan(Truncation.fit(TerminalSafeText(sanitising: hit.fromAlias), width: senderWidth), main),
            DisplaySpan(UIText(" "), .row),
            DisplaySpan(Truncation.fit(TerminalSafeText(sanitising: hit.subject), width: room), main),
            DisplaySpan(site, .rowDetail),
            DisplaySpan(date, .rowDetail),
        ])
    }
}
