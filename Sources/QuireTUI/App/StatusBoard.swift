import QuireRender

/// What the status line says: the last outcome, good or bad. Every screen reports through the
/// one board, so the line shows whichever spoke last.
final class StatusBoard {
    private(set) var message: StatusLine.Message?

    func info(_ text: String) {
        message = .info(TerminalSafeText(sanitising: text))
    }

    func error(_ text: String) {
        message = .error(TerminalSafeText(sanitising: text))
    }

    /// Puts a message already made safe (a pane's result) on the line.
    func show(_ message: StatusLine.Message?) {
        self.message = message
    }

    func clear() {
        message = nil
    }
}
