#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signal handling for the curses terminal: polite signals become input events, fatal ones
/// put the terminal back before the process dies.
///
/// A stored message can switch a terminal mode on; a mode left on after the app ends breaks
/// the user's shell. So `SIGTERM`, `SIGINT`, `SIGHUP` and `SIGTSTP` are written to a pipe the
/// input loop reads (the app then leaves or suspends through curses), and on a crash signal or
/// `exit` the saved tty settings and a fixed reset sequence are written with async-signal-safe
/// calls only, then the signal is re-raised.
enum TerminalRestorer {
    /// Terminal modes quire or a hostile message could have set, all switched off: mouse
    /// reporting, focus events, bracketed paste, keypad transmit, alternate screen; then the
    /// cursor shown and attributes reset.
    static let resetSequence: [UInt8] = Array(
        ("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1015l\u{1B}[?1004l\u{1B}[?2004l"
            + "\u{1B}[?1l\u{1B}>\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m").utf8)

    /// Signals that become input events. `SIGWINCH` is caught here rather than by curses, so a
    /// resize wakes the input loop whichever thread the kernel hands the signal to (curses'
    /// own handler only sets a flag, read at the next key).
    static let politeSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGTSTP, SIGWINCH]
    /// Signals after which the process dies; the terminal is restored first.
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs the handlers; `pipe` receives one byte per polite signal (the signal number).
    static func install(signalPipe: Int32) {
        TerminalRestorerState.signalPipe = signalPipe
        // Initialise every global the handlers read now, not lazily inside a handler.
        _ = TerminalRestorerState.resetBytes.count
        if tcgetattr(STDIN_FILENO, &TerminalRestorerState.savedSettings) == 0 {
            TerminalRestorerState.hasSavedSettings = true
        }
        // The dispositions are saved whole with sigaction: an ignored signal must come back
        // ignored, or one arriving while the caller cleans up (a closed window sends SIGHUP
        // more than once) kills the process half-way.
        var previous: [Int32: sigaction] = [:]
        for signalNumber in politeSignals {
            var old = sigaction()
            if sigaction(signalNumber, nil, &old) == 0 { previous[signalNumber] = old }
            signal(signalNumber) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminalRestorerState.signalPipe, &byte, 1)
            }
        }
        if !TerminalRestorerState.active { TerminalRestorerState.previousPolite = previous }
        for signalNumber in fatalSignals {
            signal(signalNumber) { number in
                TerminalRestorer.restoreTerminal()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        if !TerminalRestorerState.atExitInstalled {
            TerminalRestorerState.atExitInstalled = true
            atexit {
                if TerminalRestorerState.active { TerminalRestorer.restoreTerminal() }
            }
        }
        TerminalRestorerState.active = true
    }

    /// Puts back what the process had before (after curses has restored the terminal itself):
    /// a caller that ignores SIGHUP or SIGINT while it cleans up after the app (`quire demo`)
    /// must not be killed by one arriving just after the app ended.
    static func uninstall() {
        TerminalRestorerState.active = false
        for signalNumber in politeSignals {
            if var old = TerminalRestorerState.previousPolite[signalNumber] {
                sigaction(signalNumber, &old, nil)
            } else {
                signal(signalNumber, SIG_DFL)
            }
        }
        for signalNumber in fatalSignals { signal(signalNumber, SIG_DFL) }
    }

    /// Lets `SIGTSTP` stop the process as usual while `body` runs (an editor in the
    /// foreground must stop together with quire), then catches it again.
    static func withDefaultStop<Result>(_ body: () throws -> Result) rethrows -> Result {
        signal(SIGTSTP, SIG_DFL)
        defer {
            signal(SIGTSTP) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminalRestorerState.signalPipe, &byte, 1)
            }
        }
        return try body()
    }

    /// Async-signal-safe: the saved tty settings and the reset sequence.
    static func restoreTerminal() {
        TerminalRestorerState.resetBytes.withUnsafeBufferPointer { buffer in
            _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count)
        }
        if TerminalRestorerState.hasSavedSettings {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &TerminalRestorerState.savedSettings)
        }
    }
}

/// Process-wide state the signal handlers read. Signal handlers cannot capture context, so
/// this has to be global; it is written only while installing, before handlers can run.
enum TerminalRestorerState {
    nonisolated(unsafe) static var signalPipe: Int32 = -1
    nonisolated(unsafe) static var savedSettings = termios()
    nonisolated(unsafe) static var hasSavedSettings = false
    nonisolated(unsafe) static var active = false
    /// The polite signals' dispositions before ``TerminalRestorer/install(signalPipe:)``.
    nonisolated(unsafe) static var previousPolite: [Int32: sigaction] = [:]
    nonisolated(unsafe) static var atExitInstalled = false
    nonisolated(unsafe) static var resetBytes: [UInt8] = TerminalRestorer.resetSequence
}
