import QuireCore
import QuireRender

/// The running terminal client: a router of events and focus over its screens. The top bar
/// (``SiteBar``), the main area (the welcome page, the ``ThreadListScreen`` or the
/// ``SearchScreen``), the ``ReaderScreen`` beside it, a ``ModalHost`` pane or help over them
/// and the prompt line below each keep their own state and read the store themselves; the app
/// decides which of them takes a key, a paste or a note, and draws them in their places.
///
/// The app lives on one dedicated thread (see ``DedicatedThread``). It reads the local store
/// synchronously (a ``StoreReader``), starts its writes as tasks (``BackgroundWork``) and
/// never waits on the network or a write: sync runs elsewhere and its changes arrive through
/// the ``AppInbox``, which wakes the input loop. Tests drive the same object on a
/// ``GridTerminal`` with injected events.
public final class QuireApp {
    /// What fills the main area when no pane or help covers it.
    enum MainArea: Equatable {
        case welcome
        case list
        case searchResults
    }

    let terminal: any Terminal
    let services: AppServices
    let inbox: AppInbox
    let options: QuireAppOptions
    let catalog: ThemeCatalog
    let renderCache = RenderCache()
    let autosaver: DraftAutosaver
    let work: BackgroundWork
    let status = StatusBoard()
    var config: AppConfig
    var keymap: Keymap
    var theme: UITheme
    var dates: RelativeDate

    var mainArea = MainArea.list
    let siteBar: SiteBar
    let threadList: ThreadListScreen
    let search: SearchScreen
    let reader: ReaderScreen
    let modal: ModalHost
    var help: HelpScreen?
    var promptLine = PromptLine()
    let signIn: SiteSignIn
    /// False once the user quit or the process was asked to end.
    public private(set) var isRunning = true

    private var matcher: KeySequenceMatcher
    private var matcherContext: KeyContext

    /// Keys of a sequence typed so far (`g` of `g g`), for the status line.
    var pendingKeys: [Key] { matcher.pending }

    /// Builds the app; ``start()`` reads the store and draws the first screen.
    public init(
        terminal: any Terminal, services: AppServices, inbox: AppInbox, config: AppConfig, keymap: Keymap,
        options: QuireAppOptions
    ) {
        self.terminal = terminal
        self.services = services
        self.inbox = inbox
        self.config = config
        self.keymap = keymap
        self.options = options
        let work = BackgroundWork(inbox: inbox)
        self.work = work
        let autosaver = DraftAutosaver(store: services.store, delay: options.autosaveDelay) { [inbox] failure in
            inbox.post(.failure(failure))
        }
        self.autosaver = autosaver
        siteBar = SiteBar(reader: services.reader, presence: services.presence)
        threadList = ThreadListScreen(reader: services.reader, store: services.store, inbox: inbox)
        search = SearchScreen(reader: services.reader, status: status)
        reader = ReaderScreen(
            services: services, work: work, status: status,
            places: .init(
                opener: config.opener, downloadDirectory: config.downloadDirectory,
                home: options.environment["HOME"] ?? "~"))
        signIn = SiteSignIn(
            client: services.client, supervisor: options.startSync ? services.supervisor : nil, work: work,
            inbox: inbox, status: status)
        modal = ModalHost(
            services: services, provider: options.paneProvider, autosaver: autosaver, work: work, inbox: inbox,
            status: status, home: options.environment["HOME"] ?? "~",
            editExternally: { [terminal, environment = options.environment] text in
                try ExternalEditor(environment: environment).edit(text, on: terminal)
            })
        catalog = ThemeCatalog.standard(
            shippedDirectory: options.shippedThemesDirectory, environment: options.environment)
        theme = ((try? catalog.theme(named: config.theme)) ?? .default).lowered(to: terminal.colourCapability)
        var clock = options.fixedClock ?? RelativeDate.current()
        clock.numeric = config.dateFormat == .numeric
        dates = clock
        matcherContext = .list
        matcher = KeySequenceMatcher(keymap: keymap, context: .list)
        inbox.attach(terminal.wakeSignal)
        options.stopper?.attach(terminal.wakeSignal)
        if (try? catalog.theme(named: config.theme)) == nil {
            status.error("no theme `\(config.theme)`; using the default")
        }
    }

    /// Reads accounts and the first page of threads, and draws.
    public func start() {
        if config.mouse { terminal.setMouseReporting(true) }
        reloadSites()
        if let initial = options.initialAccount { siteBar.select(account: initial) }
        mainArea = siteBar.isEmpty ? .welcome : .list
        reloadThreads(keepSelection: false)
        announceRecoveredDrafts()
        draw()
    }

    /// Runs until the user quits: waits for input or a wake-up, handles it, redraws. On the
    /// way out (quit, a closed window, SIGTERM) what the open pane holds is saved as a draft.
    public func run() {
        start()
        while isRunning {
            // A minute's timeout keeps relative dates current on an idle screen; an autosave
            // that is due wakes the loop sooner.
            let wait = min(60_000, autosaver.millisecondsUntilDue() ?? 60_000)
            guard let event = terminal.nextEvent(timeoutMilliseconds: wait) else {
                autosaver.saveIfDue()
                dates = refreshedClock()
                draw()
                continue
            }
            handle(event)
            autosaveOpenPane()
            if isRunning { draw() }
        }
        finish()
    }

    /// Handles every queued event, then draws once (what tests call after injecting input).
    public func processPendingEvents() {
        while isRunning, let event = terminal.nextEvent(timeoutMilliseconds: 0) {
            handle(event)
            autosaveOpenPane()
        }
        if isRunning { draw() }
    }

    /// Saves what the open pane holds and waits until every draft write, and every write the
    /// user started, is in the store: the last thing before the terminal is given back.
    public func finish() {
        autosaver.finish(with: modal.unsavedWork)
        work.waitUntilFinished()
    }

    /// Waits until every autosave handed off so far is in the store (for tests).
    public func waitForAutosave() {
        autosaver.waitUntilWritten()
    }

    /// Waits until the writes started so far are done, then takes their notes (for tests and
    /// benchmarks: the app itself never waits for its writes).
    public func waitForBackgroundWork() {
        autosaver.waitUntilWritten()
        work.waitUntilFinished()
        processPendingEvents()
    }

    /// Shows `pane` over the main area until it closes.
    public func present(_ pane: any ModalPane) {
        modal.present(pane)
        help = nil
    }

    /// Handles one event.
    public func handle(_ event: InputEvent) {
        switch event {
        case .key(let key):
            handleKey(key)
        case .resize:
            // Every cell is drawn again: after a resize the terminal's contents are not what
            // was last sent (tmux and most terminals move or drop lines).
            terminal.clear()
            terminal.repaintAll()
            let height = currentLayout().list.height
            threadList.clamp(height: height)
            search.clamp(height: height)
        case .mouse(let mouse):
            handleMouse(mouse)
        case .paste(let pasted):
            handlePaste(pasted)
        case .wake:
            if options.stopper?.isRequested == true {
                isRunning = false
                return
            }
            processInbox()
        case .suspendRequested:
            terminal.suspend()
        case .terminateRequested:
            isRunning = false
        }
    }

    /// Ends the loop.
    func quit() {
        isRunning = false
    }

    /// The bindings section keys are read from now: the layer on top has the focus.
    var keyContext: KeyContext {
        if promptLine.isOpen { return .prompt }
        // Help opens over everything, a modal pane included, and scrolls like the reader.
        if help != nil { return .reader }
        if let pane = modal.pane { return pane.keyContext }
        if reader.isOpen { return .reader }
        return .list
    }

    /// Whether keys and text go to the modal pane (open, and not under help).
    var paneHasFocus: Bool { modal.isOpen && help == nil }

    private func handleKey(_ key: Key) {
        let context = keyContext
        if context != matcherContext {
            matcher = KeySequenceMatcher(keymap: keymap, context: context)
            matcherContext = context
        }
        if context == .list, mainArea == .welcome, !matcher.isPending, let command = WelcomeScreen.command(for: key) {
            return perform(command)
        }
        for action in matcher.feed(key) {
            switch action {
            case .run(let command):
                perform(command)
            case .unbound(let keys):
                unbound(keys)
            }
            // A command that changed pane leaves the rest of the sequence to the new pane.
            if keyContext != context { break }
        }
    }

    private func unbound(_ keys: [Key]) {
        let text = String(keys.compactMap(\.typedCharacter))
        if promptLine.isOpen {
            promptLine.insert(text)
        } else if paneHasFocus {
            if !text.isEmpty { modal.insert(text) }
        } else {
            status.error("unbound key " + KeyNotation.format(keys) + " (? lists the keys)")
        }
    }

    /// A paste is text for where text goes: the prompt on one line, the open pane (the
    /// composer body keeps its lines); elsewhere it is ignored, never read as keys.
    private func handlePaste(_ pasted: PastedText) {
        // A half-typed key sequence does not continue across a paste.
        matcher = KeySequenceMatcher(keymap: keymap, context: keyContext)
        matcherContext = keyContext
        if promptLine.isOpen {
            promptLine.insert(pasted.singleLine)
        } else if paneHasFocus {
            modal.paste(pasted)
        } else {
            return status.info("paste ignored: text can be pasted in the composer and at prompts")
        }
        if pasted.wasCut { status.error("the paste was longer than 1 MB; only its first 1 MB was kept") }
    }

    private func handleMouse(_ mouse: MouseEvent) {
        guard !modal.isOpen, !promptLine.isOpen else { return }
        let layout = currentLayout()
        if reader.isOpen, help == nil, layout.reader.contains(row: mouse.row, column: mouse.column) {
            switch mouse.action {
            case .wheelUp: reader.move(.up, height: layout.reader.height)
            case .wheelDown: reader.move(.down, height: layout.reader.height)
            default: break
            }
            return
        }
        if mainArea == .list, layout.list.contains(row: mouse.row, column: mouse.column) {
            threadList.handle(mouse, in: layout.list)
        }
    }

    func refreshedClock() -> RelativeDate {
        var clock = options.fixedClock ?? RelativeDate.current()
        clock.numeric = config.dateFormat == .numeric
        return clock
    }

    var currentAccount: String? { siteBar.currentAccount }
}

extension Rect {
    func contains(row: Int, column: Int) -> Bool {
        row >= self.row && row < bottom && column >= self.column && column < right
    }
}
