import QuireCore
import QuireRender

/// The thread list of the site on screen: which view and order it shows, the rows read from the
/// store a page at a time, the cursor, the marks, and the count of a large view found in the
/// background. The app routes keys and notes to it and asks it to draw; it reads the store
/// itself and says what went wrong as text for the status line.
final class ThreadListScreen {
    private(set) var view = ThreadView.all
    private(set) var order = ThreadOrder.date
    private(set) var source: StoreThreadSource?
    var pane = ThreadListPane(viewName: UIText("All").safe)
    /// Whether the store changed while the list was hidden: it is read again when it shows.
    private(set) var isStale = false

    private let reader: StoreReader
    private let store: ClientStore
    private let inbox: AppInbox
    /// Names the count being found, so an older count that arrives late is dropped.
    private var countGeneration = 0
    private var countTask: Task<Void, Never>?

    init(reader: StoreReader, store: ClientStore, inbox: AppInbox) {
        self.reader = reader
        self.store = store
        self.inbox = inbox
    }

    deinit {
        countTask?.cancel()
    }

    /// Shows `view` from now on (the caller reloads).
    func show(_ view: ThreadView) {
        self.view = view
    }

    /// Sorts by `order` from now on (the caller reloads).
    func sort(by order: ThreadOrder) {
        self.order = order
    }

    /// Forgets the rows (no site, or the welcome screen).
    func clear() {
        source = nil
    }

    /// The store changed behind the list: read it again before it is next drawn.
    func markStale() {
        isStale = true
    }

    /// Reads the view of `account` again, keeping the cursor on the same thread when asked;
    /// returns what went wrong, if anything. An order the view is too large for falls back to
    /// date order (and says so).
    @discardableResult
    func reload(account: String, keepSelection: Bool, height: Int) -> String? {
        guard let query = view.threadQuery(account: account) else { return nil }
        isStale = false
        let selected = keepSelection ? selectedSummary().map { ThreadKey(account: $0.account, id: $0.id) } : nil
        let oldIndex = pane.selection
        let marked = source?.marked ?? []
        let fresh: StoreThreadSource
        do {
            fresh = try StoreThreadSource(reader: reader, query: query, order: order)
        } catch let error as StoreThreadSource.OrderError {
            order = .date
            let problem = reload(account: account, keepSelection: keepSelection, height: height)
            return problem ?? error.description
        } catch {
            source = nil
            return "cannot read threads: \(error)"
        }
        fresh.marked = marked
        let inbox = self.inbox
        fresh.onPageRead = { inbox.post(.threadPageRead) }
        source = fresh
        pane.viewName = TerminalSafeText(sanitising: view.name)
        if !fresh.countIsExact { countInBackground(query) }
        if let selected, let index = fresh.index(of: selected, near: oldIndex) {
            pane.select(index, rowCount: fresh.threadCount, height: height)
        } else {
            pane.select(keepSelection ? oldIndex : 0, rowCount: fresh.threadCount, height: height)
        }
        return nil
    }

    /// The count found in the background for view `generation`, if it is still the one shown.
    func countArrived(generation: Int, count: Int, height: Int) {
        guard generation == countGeneration, let source else { return }
        source.setExactCount(count)
        pane.clamp(rowCount: count, height: height)
    }

    /// The summary under the cursor.
    func selectedSummary() -> ThreadSummary? {
        source?.summary(at: pane.selection)
    }

    /// The marked threads, in a stable order.
    var markedThreads: [ThreadKey] {
        (source?.marked ?? []).sorted { ($0.account, $0.id) < ($1.account, $1.id) }
    }

    func clearMarks() {
        source?.marked = []
    }

    /// Marks or unmarks the thread under the cursor and moves down; the number marked, or nil
    /// when there is no thread there.
    func toggleMark(height: Int) -> Int? {
        guard let summary = selectedSummary(), let source else { return nil }
        let key = ThreadKey(account: summary.account, id: summary.id)
        if source.marked.contains(key) {
            source.marked.remove(key)
        } else {
            source.marked.insert(key)
        }
        pane.handle(.move(.down), rowCount: source.threadCount, height: height)
        return source.marked.count
    }

    /// Moves the cursor; returns a read error met on the way, if any.
    func move(_ motion: Motion, height: Int) -> String? {
        guard let source else { return nil }
        pane.handle(.move(motion), rowCount: source.threadCount, height: height)
        return source.lastError
    }

    func handle(_ mouse: MouseEvent, in rect: Rect) {
        guard let source else { return }
        pane.handle(mouse, in: rect, rowCount: source.threadCount)
    }

    /// Keeps the cursor on a row after a resize.
    func clamp(height: Int) {
        if let source { pane.clamp(rowCount: source.threadCount, height: height) }
    }

    func draw(in canvas: Canvas, dates: RelativeDate) {
        guard let source else {
            canvas.clear(style: canvas.theme.style(.row))
            return
        }
        pane.draw(source, in: canvas, dates: dates)
        if source.threadCount == 0 {
            canvas.draw(
                UIText(" No threads in this view. c writes one; v switches views."), row: 0, column: 0,
                role: .rowDetail)
        }
    }

    /// The right side of the status line: view, position, count, order.
    var statusText: String? {
        guard let source else { return nil }
        let count = source.threadCount
        let position = count == 0 ? 0 : pane.selection + 1
        var text = "\(view.name) \(position)/\(count)\(source.countIsExact ? "" : "+")"
        if order != .date { text += " by \(order.rawValue)" }
        return text
    }

    /// Starts counting a large view off the UI thread; the count arrives as an inbox note.
    private func countInBackground(_ query: ThreadQuery) {
        countGeneration += 1
        let generation = countGeneration
        let store = self.store
        let inbox = self.inbox
        // Only the newest count matters; an older one stops at its next probe.
        countTask?.cancel()
        countTask = Task.detached {
            guard let count = try? await store.threadCount(query) else { return }
            inbox.post(.threadCount(generation: generation, count: count))
        }
    }
}
