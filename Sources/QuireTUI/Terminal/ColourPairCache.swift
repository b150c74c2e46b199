/// Curses colour pairs handed out on demand and reused.
///
/// Terminals have a fixed number of pairs. When they run out, drawing falls back to the
/// default pair for the rest of the frame, and the next frame (which redraws every cell)
/// starts the table afresh.
struct ColourPairCache {
    private struct Colours: Hashable {
        var foreground: Int32
        var background: Int32
    }

    private var table: [Colours: Int32] = [:]
    private var next: Int32 = 1
    private let limit: Int32
    private var exhausted = false

    init(limit: Int) {
        self.limit = Int32(clamping: limit)
    }

    /// The pair for two colours (`-1` is the default colour); `define` sets up a new pair
    /// number. Nil means use the default pair.
    mutating func pair(foreground: Int32, background: Int32, define: (Int32) -> Bool) -> Int32? {
        if foreground == -1 && background == -1 { return 0 }
        let key = Colours(foreground: foreground, background: background)
        if let known = table[key] { return known }
        guard next < limit else {
            exhausted = true
            return nil
        }
        guard define(next) else { return nil }
        table[key] = next
        next += 1
        return next - 1
    }

    /// Called before a full redraw: forget the table if it filled up during the last frame.
    mutating func startFrame() {
        guard exhausted else { return }
        table.removeAll(keepingCapacity: true)
        next = 1
        exhausted = false
    }
}
