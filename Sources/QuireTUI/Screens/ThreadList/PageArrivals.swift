import QuireCore
import Synchronization

/// Where pages of a thread list read ahead in the background wait for the UI thread to take
/// them: the reading task never touches the list itself, which belongs to the UI thread.
final class PageArrivals: Sendable {
    private let pages = Mutex<[Int: [ThreadSummary]?]>([:])

    /// Leaves the rows of `page`, read off the UI thread; nil when the read failed.
    func deliver(_ rows: [ThreadSummary]?, page: Int) {
        pages.withLock { $0[page] = .some(rows) }
    }

    /// Takes every page delivered since the last call (nil rows: the read failed).
    func take() -> [Int: [ThreadSummary]?] {
        pages.withLock { pages in
            defer { pages.removeAll() }
            return pages
        }
    }
}
