import NIOConcurrencyHelpers
import NIOCore

/// Limits on who may hold a link before logging in (the reference has none, PROTOCOL.md 7):
///
/// - at most `maxUnauthenticatedLinks` links may wait for Login/Register at once; a new link over
///   the limit closes the one that has waited longest, so a flood of idle connections cannot lock
///   out real clients (each also has the 5 s login deadline);
/// - an address that failed Login `maxLoginFailuresPerAddress` times within the window is refused
///   `login failed` without its password being checked, until the window passes.
final class AdmissionControl: Sendable {
    private struct Failures {
        var count: Int
        var windowStart: NIODeadline
    }

    private struct State {
        var waiting: [Int: LinkHandle] = [:]
        var waitingOrder: [Int] = []
        var failures: [String: Failures] = [:]
    }

    private let maxWaiting: Int
    private let maxFailures: Int
    private let failureWindow: TimeAmount
    private let state = NIOLockedValueBox(State())

    init(configuration: ServerConfiguration) {
        maxWaiting = max(1, configuration.maxUnauthenticatedLinks)
        maxFailures = max(1, configuration.maxLoginFailuresPerAddress)
        failureWindow = .nanoseconds(configuration.loginFailureWindow.nanoseconds)
    }

    /// Registers a new link; returns the links it pushes out (to be closed).
    func admit(_ link: LinkHandle) -> [LinkHandle] {
        state.withLockedValue { state in
            state.waiting[link.serial] = link
            state.waitingOrder.append(link.serial)
            var evicted: [LinkHandle] = []
            while state.waiting.count > maxWaiting, !state.waitingOrder.isEmpty {
                let serial = state.waitingOrder.removeFirst()
                if let old = state.waiting.removeValue(forKey: serial) { evicted.append(old) }
            }
            if state.waitingOrder.count > 2 * maxWaiting {
                state.waitingOrder.removeAll { state.waiting[$0] == nil }
            }
            return evicted
        }
    }

    /// The link logged in or closed: it no longer counts as waiting.
    func release(_ link: LinkHandle) {
        state.withLockedValue { _ = $0.waiting.removeValue(forKey: link.serial) }
    }

    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

    func isBlocked(_ host: String) -> Bool {
        state.withLockedValue { state in
            guard let entry = state.failures[host] else { return false }
            if NIODeadline.now() - entry.windowStart > failureWindow {
                state.failures[host] = nil
                return false
            }
            return entry.count >= maxFailures
        }
    }

    func recordFailure(_ host: String) {
        state.withLockedValue { state in
            let now = NIODeadline.now()
            if state.failures.count > 100_000 {
                state.failures = state.failures.filter { now - $0.value.windowStart <= failureWindow }
            }
            if var entry = state.failures[host], now - entry.windowStart <= failureWindow {
                entry.count += 1
                state.failures[host] = entry
            } else {
                state.failures[host] = Failures(count: 1, windowStart: now)
            }
        }
    }
}
