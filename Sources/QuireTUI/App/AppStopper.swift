import Synchronization

/// Ends a running app from outside its thread: the owner of the process (`quire demo`) may
/// catch SIGINT/SIGTERM itself, before the terminal's handlers see them, and still needs the
/// interface to leave and give the terminal back. Stopping is the same as the user quitting.
public final class AppStopper: Sendable {
    private let state = Mutex<State>(State())

    private struct State {
        var isRequested = false
        var wake: WakeSignal?
    }

    public init() {}

    /// Asks the app to end; it does on its next turn, at once if it is waiting for input.
    public func stop() {
        let wake = state.withLock { state in
            state.isRequested = true
            return state.wake
        }
        wake?.wake()
    }

    /// Whether ``stop()`` was called.
    public var isRequested: Bool { state.withLock { $0.isRequested } }

    /// Connects the stopper to the input loop it wakes.
    func attach(_ wake: WakeSignal) {
        let requested = state.withLock { state in
            state.wake = wake
            return state.isRequested
        }
        if requested { wake.wake() }
    }
}
