/// The settings of `$XDG_CONFIG_HOME/quire/config.toml`, documented in quire-config(5).
public struct AppConfig: Sendable, Hashable {
    /// How the list and the reader share the screen while a thread is open.
    public enum Layout: String, Sendable, Hashable, CaseIterable {
        /// Side by side on terminals 120 columns or wider; the reader takes the whole screen on
        /// narrower ones.
        case auto
        case sideBySide = "side-by-side"
        case stacked
        /// The reader takes the whole screen.
        case full
    }

    /// How the thread list shows dates.
    public enum DateFormat: String, Sendable, Hashable, CaseIterable {
        /// `10:42` today, `Mon` this week, `Nov 20` this year, `2025` before.
        case relative
        /// The same columns in numbers: `10:42` today, `11-20` this year, `2025` before.
        case numeric
    }

    public var theme = "default"
    public var mouse = false
    /// Whether East Asian Ambiguous characters take two columns (set to match the terminal).
    public var ambiguousWide = false
    /// The program that opens web links and attachments, as an argv; the link or file is
    /// appended as one more argument. Never run through a shell.
    public var opener = ["xdg-open"]
    public var dateFormat = DateFormat.relative
    public var layout = Layout.auto
    /// The list's share of the width in the side-by-side layout.
    public var listPercent = 45
    /// The list's rows in the stacked layout; nil picks two fifths of the screen.
    public var listRows: Int?
    /// Where `save-attachment` puts files when no path is given; nil is the current directory.
    public var downloadDirectory: String?
    /// Saved searches shown as views: name to query.
    public var savedSearches: [String: String] = [:]

    public init() {}

    /// The screen split for a screen of `size` while a thread is open.
    func readerSplit(for size: TerminalSize) -> ScreenLayout.Split {
        switch layout {
        case .full: return .readerOnly
        case .sideBySide: return .sideBySide(listPercent: listPercent)
        case .stacked: return .stacked(listRows: listRows ?? max(3, (size.rows - 3) * 2 / 5))
        case .auto:
            return size.columns >= 120 ? .sideBySide(listPercent: listPercent) : .readerOnly
        }
    }
}
