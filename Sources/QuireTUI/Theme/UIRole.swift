/// The parts of the app's own chrome a theme colours, beside the roles of rendered text.
///
/// Theme files name them under a `[ui]` table (`top-bar = { fg = "white", bg = "blue" }`).
public enum UIRole: String, Sendable, Hashable, CaseIterable {
    /// The bar of site tabs at the top.
    case topBar = "top-bar"
    /// The tab of the site on screen.
    case tabActive = "tab-active"
    /// A site that is online, connecting, or offline.
    case linkOnline = "link-online"
    case linkConnecting = "link-connecting"
    case linkOffline = "link-offline"
    /// The status line and its mode indicator.
    case statusLine = "status-line"
    case statusMode = "status-mode"
    /// The `:` and `/` prompt line, and the prompt marker in it.
    case commandLine = "command-line"
    case prompt = "prompt"
    /// List rows: ordinary, under the cursor, unread, marked.
    case row = "row"
    case rowSelected = "row-selected"
    case rowUnread = "row-unread"
    case rowMarked = "row-marked"
    /// Secondary text in rows: dates, counts.
    case rowDetail = "row-detail"
    /// Tags (`#todo`) and attachment or form marks.
    case tag = "tag"
    case mark = "mark"
    /// The line between list and reader.
    case divider = "divider"
    /// Headers above a message in the reader.
    case header = "header"
    /// Messages to the user.
    case error = "error"
    case notice = "notice"
    /// Candidates offered by completion, and the chosen one.
    case completion = "completion"
    case completionSelected = "completion-selected"

    /// The theme-file key.
    public var name: String { rawValue }
}
