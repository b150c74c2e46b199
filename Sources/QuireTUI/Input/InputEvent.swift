/// Something the terminal or the outside world reports to the input loop.
public enum InputEvent: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// The terminal changed size; the app redraws everything at the new size.
    case resize(TerminalSize)
    /// Text pasted as a whole (bracketed paste): inserted literally where text goes, never read
    /// as keys.
    case paste(PastedText)
    /// A mouse event (only after ``Terminal/setMouseReporting(_:)`` turned reporting on).
    case mouse(MouseEvent)
    /// Another part of the app woke the loop (a core change event); see ``WakeSignal``.
    case wake
    /// The process was asked to stop (`SIGTSTP` from outside); the app should call
    /// ``Terminal/suspend()``.
    case suspendRequested
    /// The process was asked to end (`SIGTERM`, `SIGINT`, `SIGHUP`); the app should save and quit.
    case terminateRequested
}

/// A mouse button press or wheel step at a screen cell.
public struct MouseEvent: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case press(button: Int)
        case release(button: Int)
        case wheelUp
        case wheelDown
    }

    public var action: Action
    public var row: Int
    public var column: Int

    public init(_ action: Action, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}
