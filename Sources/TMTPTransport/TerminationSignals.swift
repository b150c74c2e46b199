import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stop signals (SIGINT and SIGTERM, and any others asked for) caught instead of ending the process, so a
/// long-running command (`tmtpd serve`, `quire sync`, `quire demo`) can wait for one and then stop cleanly.
public final class TerminationSignals: Sendable {
    private struct State {
        var first: String?
        var waiters: [CheckedContinuation<String, Never>] = []
    }

    /// Shared with the signal handlers, which run before and apart from `self`.
    private final class Shared: Sendable {
        let state = Mutex(State())

        func record(_ name: String) {
            let waiters = state.withLock { state -> [CheckedContinuation<String, Never>] in
                if state.first == nil { state.first = name }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: name) }
        }
    }

    private let numbers: [Int32]
    private let shared = Shared()
    /// Dispatch sources are thread-safe; they are only kept to be cancelled.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    /// Starts catching `signals` (ignoring their default action) until this value is released.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        numbers = signals
        let shared = shared
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = Self.name(of: number)
            source.setEventHandler { shared.record(name) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// The name of the first signal received (`SIGTERM`), if any.
    public var received: String? { shared.state.withLock { $0.first } }

    /// Waits for a signal; returns the name of the first one received.
    public func wait() async -> String {
        await withCheckedContinuation { continuation in
            let first = shared.state.withLock { state -> String? in
                if state.first == nil { state.waiters.append(continuation) }
                return state.first
            }
            if let first { continuation.resume(returning: first) }
        }
    }

    /// Ignores the signals again after code that set its own handlers for them (a terminal interface): a
    /// closed terminal window sends SIGHUP more than once, and the later ones must not cut a clean-up short.
    public func ignoreAgain() {
        for number in numbers { signal(number, SIG_IGN) }
    }

    private static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
