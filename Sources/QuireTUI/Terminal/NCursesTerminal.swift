import CNCursesW
import QuireRender

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real terminal, through ncursesw.
///
/// Wide characters go in as `cchar_t` cells placed by the same ``CellLayout`` the test grid
/// uses. Colours use extended pairs from a cache, lowered to what the terminal reports (24-bit
/// only when its terminfo is a direct-colour one). Input waits in `poll(2)` on the tty, the
/// ``WakeSignal`` pipe and a signal pipe, so core events and signals wake the loop at once.
/// Every mode set here is reset by ``shutdown()``, on `SIGTERM`/`SIGINT`/`SIGHUP` (reported as
/// ``InputEvent/terminateRequested``), around `^Z` and around an external editor. Bracketed
/// paste is on while the app has the screen, so a paste arrives as one ``InputEvent/paste(_:)``
/// (found by a ``BracketedPasteDecoder``) instead of keys that would run bindings.
public final class NCursesTerminal: Terminal {
    /// Why the terminal could not be started.
    public enum StartError: Error, Sendable, CustomStringConvertible {
        case notATerminal
        case cursesFailed(term: String)
        case noPipe

        public var description: String {
            switch self {
            case .notATerminal: "standard input and output must be a terminal"
            case .cursesFailed(let term): "cannot start curses for TERM=\(term)"
            case .noPipe: "cannot create a pipe (out of file descriptors?)"
            }
        }
    }

    public private(set) var size: TerminalSize
    public let colourCapability: ColourCapability
    public let ambiguousWide: Bool
    public let wakeSignal: WakeSignal

    private let signalRead: Int32
    private let signalWrite: Int32
    private let screen: OpaquePointer
    private var directColour: Bool
    private var pairs = ColourPairCache(limit: 0)
    private var cursor: CursorPosition?
    private var mouseReporting = false
    private var queued: [InputEvent] = []
    private var isActive = true
    /// Whether the tty went away (the window was closed): nothing is written to it any more.
    private var isGone = false
    private var pasteDecoder = BracketedPasteDecoder()
    /// Hyperlinks drawn this frame, written over their cells after ncurses' update (it knows no OSC 8).
    private var links: [(row: Int, column: Int, text: TerminalSafeText, url: HyperlinkURL)] = []
    private let escapeDelay: Int32
    /// How long a paste may pause before it is taken as ended without its end marker.
    private static let pastePauseMilliseconds: Int32 = 500
    static let bracketedPasteOn: [UInt8] = Array("\u{1B}[?2004h".utf8)

    /// Takes over the terminal. `environment` decides colours (`NO_COLOR`, `COLORTERM`);
    /// `escapeDelay` is how long a lone Esc waits for the rest of a key sequence.
    public init(
        environment: [String: String],
        ambiguousWide: Bool = false,
        escapeDelayMilliseconds: Int32 = 25
    ) throws(StartError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        guard let wake = WakeSignal() else { throw .noPipe }
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw .noPipe }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        signalRead = descriptors[0]
        signalWrite = descriptors[1]
        wakeSignal = wake
        escapeDelay = escapeDelayMilliseconds
        self.ambiguousWide = ambiguousWide

        _ = setlocale(LC_ALL, "")
        // Handlers go in before curses starts, so curses keeps its hands off these signals.
        TerminalRestorer.install(signalPipe: descriptors[1])
        // stdin/stdout as FILE streams of their own: the C globals are shared mutable state.
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
            let screen = newterm(nil, output, input)
        else {
            TerminalRestorer.uninstall()
            close(descriptors[0])
            close(descriptors[1])
            throw .cursesFailed(term: environment["TERM"] ?? "")
        }
        self.screen = screen
        _ = set_term(screen)
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(quire_stdscr(), true)
        _ = set_escdelay(escapeDelayMilliseconds)
        _ = curs_set(0)

        // The environment can only take colour away (NO_COLOR, TERM=dumb); what curses can
        // draw decides the rest, since 24-bit needs a direct-colour terminfo entry.
        var capability = ColourCapability.none
        directColour = false
        if ColourCapability.detect(environment: environment) != .none, has_colors() {
            _ = start_color()
            _ = use_default_colors()
            let colours = quire_colors()
            if colours >= 0x100_0000 {
                directColour = true
                capability = .trueColour
            } else if colours >= 256 {
                capability = .indexed256
            } else if colours >= 8 {
                capability = .standard16
            }
            pairs = ColourPairCache(limit: Int(quire_color_pairs()))
        }
        colourCapability = capability
        size = TerminalSize(rows: Int(quire_getmaxy(quire_stdscr())), columns: Int(quire_getmaxx(quire_stdscr())))
        Self.enableBracketedPaste()
    }

    deinit {
        shutdown()
        close(signalRead)
        close(signalWrite)
        delscreen(screen)
    }

    /// Gives the terminal back: mouse off, curses ended (keypad mode, alternate screen, cursor),
    /// default signal handlers. Safe to call twice.
    public func shutdown() {
        guard isActive else { return }
        isActive = false
        // A terminal that is gone has nothing to restore; writing to it only fails.
        if !isGone {
            if mouseReporting { _ = mousemask(0, nil) }
            _ = endwin()
            TerminalRestorer.restoreTerminal()
        }
        TerminalRestorer.uninstall()
    }

    // MARK: Drawing

    @discardableResult
    public func put(_ text: TerminalSafeText, row: Int, column: Int, style: CellStyle) -> Int {
        guard row >= 0, row < size.rows else { return 0 }
        let (attributes, pair) = resolve(style)
        return CellLayout.place(text, from: column, limit: size.columns, ambiguousWide: ambiguousWide) { placement in
            drawCell(placement, row: row, attributes: attributes, pair: pair)
        }
    }

    @discardableResult
    public func putLink(_ text: TerminalSafeText, url: HyperlinkURL, row: Int, column: Int, style: CellStyle) -> Int {
        let width = put(text, row: row, column: column, style: style)
        if width > 0 { links.append((row, column, text, url)) }
        return width
    }

    public func fill(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < size.rows else { return }
        let (attributes, pair) = resolve(style)
        var space: [wchar_t] = [0x20]
        for index in max(0, column)..<min(size.columns, column + count) {
            _ = quire_put_cell(Int32(row), Int32(index), &space, 1, attributes, pair)
        }
    }

    public func clear() {
        links = []
        pairs.startFrame()
        _ = werase(quire_stdscr())
    }

    /// Makes the next flush repaint every cell (Ctrl-L after another program scribbled).
    public func repaintAll() {
        _ = clearok(quire_stdscr(), true)
    }

    public func setCursor(_ position: CursorPosition?) {
        cursor = position
    }

    public func flush() {
        if let cursor {
            _ = wmove(quire_stdscr(), Int32(cursor.row), Int32(cursor.column))
            _ = curs_set(1)
        } else {
            _ = curs_set(0)
        }
        _ = wnoutrefresh(quire_stdscr())
        _ = doupdate()
        writeLinks()
    }

    /// Writes each link's text again inside OSC 8, cursor saved and restored around it so ncurses'
    /// idea of the screen stays true. Text and URL are sanitised (`TerminalSafeText`, `HyperlinkURL`).
    private func writeLinks() {
        guard !links.isEmpty else { return }
        var output = "\u{1B}7"
        for link in links {
            output += "\u{1B}[\(link.row + 1);\(link.column + 1)H\u{1B}]8;;\(link.url.string)\u{1B}\\"
            output += link.text.string + "\u{1B}]8;;\u{1B}\\"
        }
        output += "\u{1B}8"
        links = []
        var bytes = Array(output.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    // MARK: Input

    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        while true {
            if !queued.isEmpty { return queued.removeFirst() }
            if let event = readSignal() { return event }
            if let event = readKey() { return event }
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeSignal.readDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalRead, events: Int16(POLLIN), revents: 0),
            ]
            let result = poll(&descriptors, nfds_t(descriptors.count), Int32(clamping: timeoutMilliseconds ?? -1))
            if result < 0 {
                // Interrupted by a signal: a resize shows up as KEY_RESIZE on the next read.
                if let event = readKey() { return event }
                if let event = readSignal() { return event }
                if timeoutMilliseconds != nil { return nil }
                continue
            }
            if result == 0 { return nil }
            if descriptors[1].revents != 0, wakeSignal.drain() { return .wake }
            if let event = readSignal() { return event }
            if let event = readKey() { return event }
            if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 || Self.inputAtEnd() {
                // The window was closed: reads end (EOF or EIO) and writes fail. Leave as on SIGHUP.
                isGone = true
                return .terminateRequested
            }
        }
    }

    /// Whether standard input is at its end: readable by poll, yet with no byte to read (what a
    /// hung-up tty looks like once curses has taken every key).
    private static func inputAtEnd() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        var available: Int32 = 0
        return descriptor.revents & Int16(POLLIN) != 0 && ioctl(STDIN_FILENO, UInt(FIONREAD), &available) == 0
            && available == 0
    }

    public func setMouseReporting(_ enabled: Bool) {
        mouseReporting = enabled
        _ = mousemask(enabled ? quire_mouse_all() : 0, nil)
        _ = mouseinterval(0)
    }

    public func suspend() {
        if mouseReporting { _ = mousemask(0, nil) }
        _ = endwin()
        TerminalRestorer.restoreTerminal()
        TerminalRestorer.withDefaultStop {
            _ = kill(getpid(), SIGTSTP)
        }
        takeScreenBack()
    }

    public func withScreenReleased<Result>(_ body: () throws -> Result) rethrows -> Result {
        _ = def_prog_mode()
        if mouseReporting { _ = mousemask(0, nil) }
        _ = endwin()
        TerminalRestorer.restoreTerminal()
        defer { takeScreenBack() }
        return try TerminalRestorer.withDefaultStop(body)
    }

    // MARK: Private

    private func takeScreenBack() {
        _ = reset_prog_mode()
        if mouseReporting { _ = mousemask(quire_mouse_all(), nil) }
        queued.append(resizeToWindow())
        _ = refresh()
        Self.enableBracketedPaste()
    }

    /// Turns bracketed paste on; ``TerminalRestorer/resetSequence`` turns it off again on every
    /// way out (shutdown, suspend, an external editor, a fatal signal). Written after curses
    /// flushed, straight to the descriptor, since curses has no capability for it.
    private static func enableBracketedPaste() {
        _ = bracketedPasteOn.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// The signals caught since the last look, as one event: leaving wins over suspending,
    /// which wins over a resize; a burst of resizes is one resize to the size the window has now.
    private func readSignal() -> InputEvent? {
        var bytes = [UInt8](repeating: 0, count: 64)
        var signals: Set<Int32> = []
        while true {
            let count = read(signalRead, &bytes, bytes.count)
            guard count > 0 else { break }
            for byte in bytes[0..<count] { signals.insert(Int32(byte)) }
        }
        if signals.contains(where: { $0 != SIGTSTP && $0 != SIGWINCH }) { return .terminateRequested }
        if signals.contains(SIGTSTP) {
            if signals.contains(SIGWINCH) { queued.append(resizeToWindow()) }
            return .suspendRequested
        }
        return signals.contains(SIGWINCH) ? resizeToWindow() : nil
    }

    /// Takes the window's size from the tty and has curses lay its screens out for it; the next
    /// flush repaints every cell, since the terminal may have moved or dropped what it showed.
    private func resizeToWindow() -> InputEvent {
        var window = winsize()
        if !isGone, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 {
            _ = resize_term(Int32(window.ws_row), Int32(window.ws_col))
        }
        _ = clearok(quire_curscr(), true)
        size = TerminalSize(rows: Int(quire_getmaxy(quire_stdscr())), columns: Int(quire_getmaxx(quire_stdscr())))
        return .resize(size)
    }

    /// The next key or paste curses has (without waiting, except to finish a paste or a
    /// sequence that may start one); key codes quire does not use are skipped so they cannot
    /// hide keys buffered behind them.
    ///
    /// Characters go through the paste decoder: Esc waits briefly for the rest of a possible
    /// paste marker, and inside a paste every character (curses' key codes included, which a
    /// pasted escape sequence can produce) belongs to the paste until its end marker or a pause.
    private func readKey() -> InputEvent? {
        var outputs: [BracketedPasteDecoder.Output] = []
        while true {
            let wait = pasteDecoder.isInPaste ? Self.pastePauseMilliseconds : pasteDecoder.isHolding ? escapeDelay : 0
            wtimeout(quire_stdscr(), wait)
            var value: UInt32 = 0
            let result = quire_get_wch(&value)
            if result == KEY_CODE_YES {
                let code = Int32(bitPattern: value)
                if pasteDecoder.isInPaste {
                    // A resize during a paste still counts; other key codes are pasted bytes.
                    if code == KEY_RESIZE, let event = keyCodeEvent(code) { queued.append(event) }
                    continue
                }
                // A key code ends a possible marker: what was held was typed before it.
                let typed = outputs + (pasteDecoder.isHolding ? pasteDecoder.timeOut() : [])
                let event = keyCodeEvent(code)
                if typed.isEmpty, event == nil { continue }
                var events = BracketedPasteDecoder.events(typed)
                if let event { events.append(event) }
                return take(events)
            }
            if result == ERR {
                // Nothing more now (or the tty is gone): a pause ends what the decoder holds.
                if pasteDecoder.isHolding { outputs += pasteDecoder.timeOut() }
                return outputs.isEmpty ? nil : take(BracketedPasteDecoder.events(outputs))
            }
            outputs += pasteDecoder.feed(value)
            if !pasteDecoder.isHolding, !outputs.isEmpty { return take(BracketedPasteDecoder.events(outputs)) }
        }
    }

    /// Returns the first event and queues the rest.
    private func take(_ events: [InputEvent]) -> InputEvent? {
        guard let first = events.first else { return nil }
        queued.append(contentsOf: events.dropFirst())
        return first
    }

    private func keyCodeEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            // Curses resized itself (a resize it learned of on its own); repaint it all.
            _ = clearok(quire_curscr(), true)
            size = TerminalSize(rows: Int(quire_getmaxy(quire_stdscr())), columns: Int(quire_getmaxx(quire_stdscr())))
            return .resize(size)
        case KEY_MOUSE:
            return mouseEvent()
        case KEY_UP: return .key(Key(.up))
        case KEY_DOWN: return .key(Key(.down))
        case KEY_LEFT: return .key(Key(.left))
        case KEY_RIGHT: return .key(Key(.right))
        case KEY_SR: return .key(Key(.up, modifiers: .shift))
        case KEY_SF: return .key(Key(.down, modifiers: .shift))
        case KEY_SLEFT: return .key(Key(.left, modifiers: .shift))
        case KEY_SRIGHT: return .key(Key(.right, modifiers: .shift))
        case KEY_HOME: return .key(Key(.home))
        case KEY_END: return .key(Key(.end))
        case KEY_PPAGE: return .key(Key(.pageUp))
        case KEY_NPAGE: return .key(Key(.pageDown))
        case KEY_IC: return .key(Key(.insert))
        case KEY_DC: return .key(Key(.delete))
        case KEY_BACKSPACE: return .key(Key(.backspace))
        case KEY_ENTER: return .key(Key(.enter))
        case KEY_BTAB: return .key(Key(.tab, modifiers: .shift))
        default:
            for number in 1...24 where code == quire_key_f(Int32(number)) {
                return .key(Key(.function(number)))
            }
            return nil
        }
    }

    private func mouseEvent() -> InputEvent? {
        var row: Int32 = 0
        var column: Int32 = 0
        var state: mmask_t = 0
        guard quire_get_mouse(&row, &column, &state) == OK else { return nil }
        let action: MouseEvent.Action
        if state & quire_button_pressed(4) != 0 {
            action = .wheelUp
        } else if state & quire_button_pressed(5) != 0 {
            action = .wheelDown
        } else if let button = (1...3).first(where: {
            state & (quire_button_pressed(Int32($0)) | quire_button_clicked(Int32($0))) != 0
        }) {
            action = .press(button: button)
        } else if let button = (1...3).first(where: { state & quire_button_released(Int32($0)) != 0 }) {
            action = .release(button: button)
        } else {
            return nil
        }
        return .mouse(MouseEvent(action, row: Int(row), column: Int(column)))
    }

    /// Draws one placed cluster. When libc's width for the cluster differs from ours (emoji
    /// with a VS16 selector, sequences longer than a cell holds, characters libc does not
    /// know), curses would advance the cursor differently from the layout; then the base
    /// character alone (or U+FFFD) is drawn and padded with spaces to our width, so columns
    /// stay aligned on every terminal.
    private func drawCell(_ placement: CellLayout.Placement, row: Int, attributes: attr_t, pair: Int32) {
        let scalars = placement.character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let libcWidths = scalars.map { quire_wcwidth(Int32($0)) }
        let libcTotal = libcWidths.reduce(0) { $0 + max(0, $1) }
        var cell = scalars
        var drawnWidth = placement.width
        if libcTotal != placement.width || scalars.count > Int(CCHARW_MAX) || libcWidths.contains(where: { $0 < 0 }) {
            let baseWidth = libcWidths.first ?? -1
            if baseWidth >= 1 && Int(baseWidth) <= placement.width, let base = scalars.first {
                cell = [base]
                drawnWidth = Int(baseWidth)
            } else {
                cell = [0xFFFD]
                drawnWidth = 1
            }
        }
        _ = quire_put_cell(Int32(row), Int32(placement.column), &cell, Int32(cell.count), attributes, pair)
        var space: [wchar_t] = [0x20]
        for pad in drawnWidth..<placement.width {
            _ = quire_put_cell(Int32(row), Int32(placement.column + pad), &space, 1, attributes, pair)
        }
    }

    private func resolve(_ style: CellStyle) -> (attr_t, Int32) {
        var attributes = attr_t(quire_a_normal())
        if style.attributes.contains(.bold) { attributes |= attr_t(quire_a_bold()) }
        if style.attributes.contains(.dim) { attributes |= attr_t(quire_a_dim()) }
        if style.attributes.contains(.italic) { attributes |= attr_t(quire_a_italic()) }
        if style.attributes.contains(.underline) { attributes |= attr_t(quire_a_underline()) }
        if style.attributes.contains(.reverse) { attributes |= attr_t(quire_a_reverse()) }
        guard colourCapability != .none else {
            if style.background != nil && !style.attributes.contains(.reverse) {
                attributes |= attr_t(quire_a_reverse())
            }
            return (attributes, 0)
        }
        let foreground = colourNumber(style.foreground)
        let background = colourNumber(style.background)
        guard
            let pair = pairs.pair(
                foreground: foreground, background: background,
                define: { number in
                    init_extended_pair(number, foreground, background) == OK
                })
        else { return (attributes, 0) }
        return (attributes, pair)
    }

    private func colourNumber(_ colour: Colour?) -> Int32 {
        guard let colour else { return -1 }
        let lowered = ColourLowering.lower(colour, to: colourCapability)
        switch lowered {
        case .standard(let index):
            if directColour && index >= 8 {
                let (red, green, blue) = NCursesTerminal.brightRGB[Int(index) - 8]
                return Int32(red << 16 | green << 8 | blue)
            }
            return quire_colors() < 16 ? Int32(index % 8) : Int32(index)
        case .indexed(let index):
            if directColour {
                let (red, green, blue) =
                    index < 16 ? NCursesTerminal.brightRGB[Int(index) % 8] : ColourLowering.rgb(ofPaletteIndex: index)
                return Int32(red << 16 | green << 8 | blue)
            }
            return Int32(index)
        case .rgb(let red, let green, let blue):
            return Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
        }
    }

    /// xterm's bright colours, for direct-colour terminals that have no palette.
    private static let brightRGB: [(Int, Int, Int)] = [
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
}
