/// A message refused because one of its recipient nodes already holds the configured number of
/// queued messages; nothing of it was queued.
public struct QueueQuotaExceeded: Error, Hashable, Sendable, CustomStringConvertible {
    /// The user whose node is full.
    public var uid: String

    public init(uid: String) {
        self.uid = uid
    }

    /// The text the poster's `ack` carries.
    public var description: String { "queue quota exceeded for \(uid)" }
}
