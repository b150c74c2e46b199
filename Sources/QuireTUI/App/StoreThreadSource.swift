import Foundation
import QuireCore
import QuireRender

/// The thread list of a view, read from the store a page at a time.
///
/// Only the pages holding rows on screen are fetched (and a few kept), so a view of 100,000
/// threads costs a screenful of rows. The row count of a large view is found in the background
/// (``count(store:query:)``) while the first page is already drawn; until then the list knows
/// the rows it has read plus one page.
final class StoreThreadSource: ThreadListSource {
    static let pageSize = 100
    private static let pagesKept = 16

    let store: ClientStore
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
    private var sorted: [ThreadSummary]?
    private var draftThreads: Set<ThreadKey> = []
    /// Rows already formatted (sanitised text), so redrawing a screenful formats nothing.
    private var rows: [Int: ThreadRow] = [:]

    /// Reads the first page (and, for the in-memory orders, the whole view). Throws
    /// ``OrderError`` when an in-memory order is asked of a view that is too large.
    init(store: ClientStore, query: ThreadQuery, order: ThreadOrder) throws {
        self.store = store
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
            let drafts = try BlockingAsync.run { try await store.drafts(account: account) }
            draftThreads = Set(drafts.compactMap { $0.threadID.map { ThreadKey(account: account, id: $0) } })
        }
        if order == .oldest && !countIsExact {
            setExactCount(try BlockingAsync.run { try await Self.count(store: store, query: query) })
        }
        if order.isInMemory {
            try loadSorted()
        }
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

    /// The summary at a list position, fetching its page if needed.
    func summary(at index: Int) -> ThreadSummary? {
        guard index >= 0, index < threadCount else { return nil }
        if let sorted { return index < sorted.count ? sorted[index] : nil }
        let position = order == .oldest ? threadCount - 1 - index : index
        let page = position / Self.pageSize
        let pageRows: [ThreadSummary]
        if let cached = pages[page] {
            pageRows = cached
            touch(page)
        } else {
            do {
                pageRows = try fetch(page: page)
            } catch {
                lastError = "\(error)"
                return nil
            }
        }
        let offset = position - page * Self.pageSize
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

    func thread(at index: Int) -> ThreadRow? {
        if let row = rows[index] { return row }
        guard let summary = summary(at: index) else { return nil }
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

    /// Counts the threads of a view without reading them: a doubling then a halving search on
    /// one-row pages, so the cost is a few index walks rather than every row.
    static func count(store: ClientStore, query: ThreadQuery) async throws -> Int {
        func exists(_ offset: Int) async throws -> Bool {
            var probe = query
            probe.limit = 1
            probe.offset = offset
            return try await !store.threads(probe).isEmpty
        }
        var low = 0
        var high = pageSize
        while try await exists(high) {
            try Task.checkCancellation()
            low = high + 1
            high *= 2
        }
        while low < high {
            try Task.checkCancellation()
            let middle = (low + high) / 2
            if try await exists(middle) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    // MARK: Private

    @discardableResult
    private func fetch(page: Int) throws -> [ThreadSummary] {
        var request = query
        request.limit = Self.pageSize
        request.offset = page * Self.pageSize
        let store = self.store
        let frozen = request
        let rows = try BlockingAsync.run { try await store.threads(frozen) }
        pages[page] = rows
        touch(page)
        while pageUse.count > Self.pagesKept {
            pages[pageUse.removeFirst()] = nil
        }
        return rows
    }

    private func touch(_ page: Int) {
        pageUse.removeAll { $0 == page }
        pageUse.append(page)
    }

    private func loadSorted() throws {
        let store = self.store
        var request = query
        request.limit = ThreadOrder.inMemoryLimit + 1
        request.offset = 0
        let frozen = request
        let all = try BlockingAsync.run { try await store.threads(frozen) }
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
