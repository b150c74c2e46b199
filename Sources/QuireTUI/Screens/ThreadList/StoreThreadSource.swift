import Dispatch
import Foundation
import QuireCore
import QuireRender

/// The thread list of a view, read from the store a page at a time.
///
/// Only the pages holding rows on screen are fetched (and a few kept), so a view of 100,000
/// threads costs a screenful of rows. The row count of a large view is found in the background
/// (``count(store:query:)``) while the first page is already drawn; until then the list knows
/// the rows it has read plus one page.
///
/// Pages are read synchronously from a ``StoreReader``. The two pages each side of the one under
/// the cursor are read ahead on a background queue, so moving
/// across a page edge finds its rows already read instead of waiting for SQLite on the UI
/// thread. A source is a snapshot of its view: a store change builds a new one (see
/// `reloadThreads`), and pages read ahead for an old one die with it.
final class StoreThreadSource: ThreadListSource {
    static let pageSize = 100
    private static let pagesKept = 16
    /// How many pages each side of the cursor's are read ahead: two, so paging as fast as
    /// keys repeat still finds the next page read.
    private static let pagesReadAhead = 2

    let reader: StoreReader
    let query: ThreadQuery
    let order: ThreadOrder
    private(set) var threadCount = 0
    private(set) var countIsExact = false
    /// The last error met while reading, for the status line.
    private(set) var lastError: String?
    /// Threads marked for a following command, by account and id.
    var marked: Set<ThreadKey> = [] {
        didSet { rows.removeAll(keepingCapacity: true) }
    }

    private var pages: [Int: [ThreadSummary]] = [:]
    private var pageUse: [Int] = []
    /// Pages being read ahead, and the mailbox their rows land in.
    private var readingAhead: [Int: DispatchWorkItem] = [:]
    private let arrivals = PageArrivals()
    private static let readAheadQueue = DispatchQueue(label: "quire.thread-list.read-ahead", attributes: .concurrent)
    /// Called, on another thread, when a page read in the background has arrived: the app wakes
    /// its loop to redraw the rows drawn blank meanwhile.
    var onPageRead: (@Sendable () -> Void)?
    private var sorted: [ThreadSummary]?
    private var draftThreads: Set<ThreadKey> = []
    /// Rows already formatted (sanitised text), so redrawing a screenful formats nothing.
    private var rows: [Int: ThreadRow] = [:]

    /// Reads the first page (and, for the in-memory orders, the whole view). Throws
    /// ``OrderError`` when an in-memory order is asked of a view that is too large.
    init(reader: StoreReader, query: ThreadQuery, order: ThreadOrder) throws {
        self.reader = reader
        self.query = query
        self.order = order
        let first = try fetch(page: 0)
        if first.count < Self.pageSize {
            threadCount = first.count
            countIsExact = true
        } else {
            threadCount = Self.pageSize * 2
        }
        if let account = query.account {
            let drafts = try reader.drafts(account: account)
            draftThreads = Set(drafts.compactMap { $0.threadID.map { ThreadKey(account: account, id: $0) } })
        }
        if order == .oldest && !countIsExact {
            setExactCount(try reader.threadCount(query))
        }
        if order.isInMemory {
            try loadSorted()
        }
    }

    deinit {
        for item in readingAhead.values { item.cancel() }
    }

    /// Why a view cannot be shown in the order asked.
    struct OrderError: Error, CustomStringConvertible {
        var order: ThreadOrder
        var description: String {
            "sorting by \(order.rawValue) works for views of up to \(ThreadOrder.inMemoryLimit) threads; "
                + "use `sort date` or `sort oldest`, or a narrower view"
        }
    }

    /// Records the count found in the background.
    func setExactCount(_ count: Int) {
        threadCount = count
        countIsExact = true
        // Oldest-first positions count from the end.
        if order == .oldest { rows.removeAll() }
    }

    /// The summary at a list position, fetching its page if needed (what commands use).
    func summary(at index: Int) -> ThreadSummary? {
        summary(at: index, waiting: true)
    }

    /// The summary at a list position; without `waiting`, nil when its page is not read yet
    /// (the page is then read in the background and ``onPageRead`` says when it is in).
    private func summary(at index: Int, waiting: Bool) -> ThreadSummary? {
        guard index >= 0, index < threadCount else { return nil }
        if let sorted { return index < sorted.count ? sorted[index] : nil }
        let position = order == .oldest ? threadCount - 1 - index : index
        let page = position / Self.pageSize
        let pageRows: [ThreadSummary]
        if waiting {
            do {
                pageRows = try rows(ofPage: page)
            } catch {
                lastError = "\(error)"
                return nil
            }
        } else if let kept = keptRows(ofPage: page) {
            pageRows = kept
        } else {
            startReading(page)
            readAhead(around: page)
            return nil
        }
        let offset = position - page * Self.pageSize
        readAhead(around: page)
        if offset >= pageRows.count {
            // The view ends before the estimate: now the count is known.
            if !countIsExact, order == .date { setExactCount(page * Self.pageSize + pageRows.count) }
            return nil
        }
        if !countIsExact, order == .date, index >= threadCount - Self.pageSize {
            threadCount = max(threadCount, (page + 2) * Self.pageSize)
        }
        return pageRows[offset]
    }

    /// The row drawn at `index`. A row whose page is still being read is drawn blank rather than
    /// waited for: a keypress redraws at once, and the rows fill in when the read arrives.
    func thread(at index: Int) -> ThreadRow? {
        if let row = rows[index] { return row }
        guard let summary = summary(at: index, waiting: false) else { return nil }
        let key = ThreadKey(account: summary.account, id: summary.id)
        var marks: ThreadRow.Marks = []
        if summary.hasAttachments { marks.insert(.attachment) }
        if summary.hasForms { marks.insert(.form) }
        if marked.contains(key) { marks.insert(.marked) }
        if draftThreads.contains(key) { marks.insert(.draft) }
        let tags = (summary.tags + summary.hashtags.filter { !summary.tags.contains($0) }).map {
            TerminalSafeText(sanitising: "#" + $0)
        }
        let row = ThreadRow(
            unread: summary.unreadCount > 0, senderAlias: TerminalSafeText(sanitising: summary.starterAlias),
            subject: TerminalSafeText(sanitising: summary.subject),
            lastActivity: Int64(summary.lastActivity.timeIntervalSince1970), messageCount: summary.messageCount,
            tags: tags, marks: marks)
        if rows.count >= 4096 { rows.removeAll(keepingCapacity: true) }
        rows[index] = row
        return row
    }

    /// The list position of a thread among the rows already read, if any.
    func index(of key: ThreadKey) -> Int? {
        if let sorted { return sorted.firstIndex { $0.account == key.account && $0.id == key.id } }
        for (page, rows) in pages {
            if let offset = rows.firstIndex(where: { $0.account == key.account && $0.id == key.id }) {
                let position = page * Self.pageSize + offset
                return order == .oldest ? threadCount - 1 - position : position
            }
        }
        return nil
    }

    /// The list position of `key`, looking at the pages around `position` too: after a store
    /// change the selected thread is usually a row or two from where it was, perhaps on a page
    /// the new source has not read yet.
    func index(of key: ThreadKey, near position: Int) -> Int? {
        if let found = index(of: key) { return found }
        guard sorted == nil, position >= 0 else { return nil }
        let stored = order == .oldest ? threadCount - 1 - position : position
        let page = stored / Self.pageSize
        let offset = stored - page * Self.pageSize
        var candidates = [page]
        if offset >= Self.pageSize - 10 { candidates.append(page + 1) }
        if offset < 10, page > 0 { candidates.append(page - 1) }
        for candidate in candidates {
            guard let rows = try? rows(ofPage: candidate) else { continue }
            if let offset = rows.firstIndex(where: { $0.account == key.account && $0.id == key.id }) {
                let found = candidate * Self.pageSize + offset
                // Rows read past the estimate make the list at least that long.
                if !countIsExact, order == .date { threadCount = max(threadCount, (candidate + 2) * Self.pageSize) }
                return order == .oldest ? threadCount - 1 - found : found
            }
        }
        return nil
    }

    /// The pages held now, read or read ahead (for tests and the benchmark).
    var keptPages: Set<Int> {
        takeArrivals()
        return Set(pages.keys)
    }

    /// Waits for the reads ahead already started, and keeps their pages.
    func finishReadingAhead() {
        for item in readingAhead.values { item.wait() }
        takeArrivals()
    }

    // MARK: Private

    /// A page's rows if they are kept or have arrived from a read ahead.
    private func keptRows(ofPage page: Int) -> [ThreadSummary]? {
        if pages[page] == nil { takeArrivals() }
        guard let kept = pages[page] else { return nil }
        touch(page)
        return kept
    }

    /// A page's rows: kept, read ahead, being read ahead (waited for rather than read twice),
    /// or, only when nothing read it ahead, read now.
    private func rows(ofPage page: Int) throws -> [ThreadSummary] {
        if let kept = keptRows(ofPage: page) { return kept }
        if let item = readingAhead[page] {
            item.wait()
            takeArrivals()
            if let arrived = pages[page] {
                touch(page)
                return arrived
            }
        }
        return try fetch(page: page)
    }

    @discardableResult
    private func fetch(page: Int) throws -> [ThreadSummary] {
        let rows = try reader.threads(pageQuery(page))
        keep(rows, page: page)
        return rows
    }

    /// The query of `page`: from the edge of a neighbouring page already read when there is one
    /// (an index walk a page long, however deep), else by offset from the nearer end of the list.
    private func pageQuery(_ page: Int) -> ThreadQuery {
        var request = query
        request.limit = Self.pageSize
        request.offset = 0
        if page > 0, let previous = pages[page - 1], previous.count == Self.pageSize, let edge = previous.last {
            request.after = edge.position
        } else if let next = pages[page + 1], let edge = next.first {
            request.before = edge.position
        } else if countIsExact, threadCount - page * Self.pageSize < page * Self.pageSize {
            let end = min(threadCount, (page + 1) * Self.pageSize)
            request.fromOldest = true
            request.offset = threadCount - end
            request.limit = max(0, end - page * Self.pageSize)
        } else {
            request.offset = page * Self.pageSize
        }
        return request
    }

    /// Keeps a page, forgetting the least recently used beyond ``pagesKept``; the first page
    /// stays, so `g g` and Home always land on rows already read.
    private func keep(_ rows: [ThreadSummary], page: Int) {
        pages[page] = rows
        touch(page)
        while pageUse.count > Self.pagesKept, let oldest = pageUse.firstIndex(where: { $0 != 0 }) {
            pages[pageUse.remove(at: oldest)] = nil
        }
    }

    /// Starts reading the pages around `page` that are neither kept nor being read, nearest
    /// first. Pages past a known end are not read.
    private func readAhead(around page: Int) {
        guard sorted == nil else { return }
        // After a jump (`G`, `g g`, a search hit) reads around the old place are not wanted, and
        // would only delay the reads the new place needs: they are cancelled.
        for (candidate, item) in readingAhead where abs(candidate - page) > Self.pagesReadAhead + 1 {
            item.cancel()
            readingAhead[candidate] = nil
        }
        for candidate in (1...Self.pagesReadAhead).flatMap({ [page + $0, page - $0] }) {
            startReading(candidate)
        }
    }

    /// Starts reading `page` in the background unless it is kept, being read, or past a known end.
    private func startReading(_ page: Int) {
        let lastPage = countIsExact ? (threadCount - 1) / Self.pageSize : Int.max
        guard page >= 0, page <= lastPage, pages[page] == nil, readingAhead[page] == nil else { return }
        let reader = self.reader
        let request = pageQuery(page)
        let arrivals = self.arrivals
        let notify = onPageRead
        let item = DispatchWorkItem {
            // A failed read ahead is not an error: the page is read again when it is shown.
            arrivals.deliver(try? reader.threads(request), page: page)
            notify?()
        }
        readingAhead[page] = item
        Self.readAheadQueue.async(execute: item)
    }

    /// Moves the rows read ahead into the kept pages.
    private func takeArrivals() {
        for (page, rows) in arrivals.take() {
            readingAhead[page] = nil
            if let rows, pages[page] == nil { keep(rows, page: page) }
        }
    }

    private func touch(_ page: Int) {
        pageUse.removeAll { $0 == page }
        pageUse.append(page)
    }

    private func loadSorted() throws {
        var request = query
        request.limit = ThreadOrder.inMemoryLimit + 1
        request.offset = 0
        let all = try reader.threads(request)
        guard all.count <= ThreadOrder.inMemoryLimit else { throw OrderError(order: order) }
        switch order {
        case .unread:
            sorted = all.enumerated().sorted {
                ($0.element.unreadCount > 0 ? 0 : 1, $0.offset) < ($1.element.unreadCount > 0 ? 0 : 1, $1.offset)
            }.map(\.element)
        case .subject:
            sorted = all.sorted {
                $0.subject.localizedCaseInsensitiveCompare($1.subject) == .orderedAscending
            }
        case .sender:
            let keyed = all.map { ($0.starterAlias.lowercased(), $0) }
            sorted = keyed.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
                .map(\.element.1)
        case .date, .oldest:
            sorted = nil
        }
        threadCount = sorted?.count ?? threadCount
        countIsExact = true
    }
}

/// A thread named by its account and id.
public struct ThreadKey: Sendable, Hashable {
    public var account: String
    public var id: String

    public init(account: String, id: String) {
        self.account = account
        self.id = id
    }
}
