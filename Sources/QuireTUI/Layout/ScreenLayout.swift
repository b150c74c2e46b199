/// Where the parts of the main screen go: a top bar of sites, the main area (thread list and
/// reader, split or alone), a status line and a command/prompt line.
public struct ScreenLayout: Sendable, Hashable {
    /// How the main area is shared between the list and the reader.
    public enum Split: Sendable, Hashable {
        /// The list takes the whole main area.
        case listOnly
        /// The reader takes the whole main area.
        case readerOnly
        /// List on the left, a one-column divider, reader on the right; the list takes
        /// `listPercent` of the width.
        case sideBySide(listPercent: Int)
        /// List above, a one-row divider, reader below; the list takes `listRows` rows.
        case stacked(listRows: Int)

        /// Side by side on wide terminals, stacked on narrow ones: the split most clients pick.
        public static func automatic(for size: TerminalSize) -> Split {
            size.columns >= 120 ? .sideBySide(listPercent: 45) : .stacked(listRows: max(3, (size.rows - 3) * 2 / 5))
        }
    }

    public var topBar: Rect
    public var list: Rect
    public var divider: Rect
    public var reader: Rect
    public var statusLine: Rect
    public var commandLine: Rect

    /// Lays out a screen of `size`. Bars are dropped from the bottom up when the terminal is
    /// too short, so even a 1-row terminal shows the command line.
    public init(size: TerminalSize, split: Split) {
        let screen = Rect(size: size)
        let (above, command) = screen.splitBottom(1)
        let (aboveStatus, status) = above.splitBottom(above.height >= 2 ? 1 : 0)
        let (top, main) = aboveStatus.splitTop(aboveStatus.height >= 2 ? 1 : 0)
        topBar = top
        statusLine = status
        commandLine = command
        switch split {
        case .listOnly:
            list = main
            divider = Rect(row: main.row, column: main.column, height: 0, width: 0)
            reader = divider
        case .readerOnly:
            reader = main
            divider = Rect(row: main.row, column: main.column, height: 0, width: 0)
            list = divider
        case .sideBySide(let percent):
            let listWidth = min(main.width, max(1, main.width * min(100, max(0, percent)) / 100))
            let (left, rest) = main.splitLeft(listWidth)
            let (line, right) = rest.splitLeft(rest.width > 1 ? 1 : 0)
            list = left
            divider = line
            reader = right
        case .stacked(let listRows):
            let (upper, rest) = main.splitTop(min(listRows, main.height))
            let (line, lower) = rest.splitTop(rest.height > 1 ? 1 : 0)
            list = upper
            divider = line
            reader = lower
        }
    }
}
