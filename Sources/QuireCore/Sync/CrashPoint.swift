import Foundation

/// Named points where a crash test drops the link, as if the process died there.
///
/// Sync code asks `CrashPoints.fire(_:)` at each point; a test arms a point for one firing. The
/// link is then closed with nothing after the point done (no ack, no commit, the rest of an upload
/// unsent), and the test restarts sync on the same store to check that nothing is lost or doubled.
enum CrashPoint: String, Sendable, Hashable, CaseIterable {
    /// A delivery has arrived; nothing is stored yet.
    case beforeCommit
    /// A delivery is committed; its ack is not sent yet.
    case afterCommitBeforeAck
    /// Half of an outbox row's data has gone out.
    case midSend
}

/// The armed crash points of one sync; shared by its sessions.
final class CrashPoints: @unchecked Sendable {
    private let lock = NSLock()
    private var armed: Set<CrashPoint> = []

    func arm(_ point: CrashPoint) {
        lock.lock()
        defer { lock.unlock() }
        armed.insert(point)
    }

    /// True once per arming: the caller then drops the link.
    func fire(_ point: CrashPoint) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return armed.remove(point) != nil
    }
}
