import NIOConcurrencyHelpers
import NIOCore

/// What a link's timeout handler knows, shared with the rest of the server: when the peer was
/// last heard from, and why the handler closed the link, if it did.
final class LinkActivity: Sendable {
    private struct State {
        var lastRead = NIODeadline.now()
        var closeReason: String?
    }

    private let state = NIOLockedValueBox(State())

    var lastRead: NIODeadline { state.withLockedValue { $0.lastRead } }

    /// Why the server closed the link on its own (a timeout), for the log line.
    var closeReason: String? { state.withLockedValue { $0.closeReason } }

    func recordRead(at now: NIODeadline) {
        state.withLockedValue { $0.lastRead = now }
    }

    func recordClose(_ reason: String) {
        state.withLockedValue { if $0.closeReason == nil { $0.closeReason = reason } }
    }
}
