/// How `runQuireApp(home:options:)` starts: which site's tab shows first, whether the sync
/// runs, and the panes another part of quire supplies.
public struct QuireAppOptions: Sendable {
    /// The account (by local name) whose tab is shown first; the first account when nil.
    public var initialAccount: String?
    /// Whether to start every account's sync (off for a read-only look at a store).
    public var startSync: Bool
    /// Where the shipped `Themes/` folder is, when known.
    public var shippedThemesDirectory: String?
    /// The process environment (`NO_COLOR`, `VISUAL`, `TERM`...).
    public var environment: [String: String]
    /// Makes the composer, address book and form panes (quire's own by default); without one,
    /// those keys explain on the status line that the pane is not available.
    public var paneProvider: (any ModalPaneProvider)?
    /// Lets the code that started the app end it (a signal caught elsewhere in the process).
    public var stopper: AppStopper?
    /// A fixed clock and zone for dates (screenshots, tests); the system clock when nil.
    public var fixedClock: RelativeDate?
    /// How long after a change in the composer (or a form being filled) it is saved as a
    /// draft by itself, at most.
    public var autosaveDelay: Duration = .seconds(1)

    public init(
        initialAccount: String? = nil,
        startSync: Bool = true,
        shippedThemesDirectory: String? = nil,
        environment: [String: String] = [:],
        paneProvider: (any ModalPaneProvider)? = StandardPaneProvider(),
        fixedClock: RelativeDate? = nil,
        stopper: AppStopper? = nil
    ) {
        self.stopper = stopper
        self.fixedClock = fixedClock
        self.initialAccount = initialAccount
        self.startSync = startSync
        self.shippedThemesDirectory = shippedThemesDirectory
        self.environment = environment
        self.paneProvider = paneProvider
    }
}
