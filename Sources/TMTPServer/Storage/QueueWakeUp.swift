/// Queue changes another process sharing the store committed, from ``ServerStore/queueWakeUps()``:
/// the cue for this process to deliver to its logged-in nodes what it did not enqueue itself.
public enum QueueWakeUp: Hashable, Sendable {
    /// Messages were committed for these nodes; `jumpsQueue` when one of them is edit-priority.
    case nodes([NodeAddress], jumpsQueue: Bool)
    /// Changes may have been missed (the store's link to its peers broke and came back): every
    /// logged-in node should read its queue again.
    case everyNode
}
