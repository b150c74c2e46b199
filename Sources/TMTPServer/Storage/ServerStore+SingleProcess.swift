/// What a store only one process uses needs not do: there are no other writers to hear from and no
/// other process a node could be logged in on.
extension ServerStore {
    public func queueWakeUps() -> AsyncStream<QueueWakeUp> {
        AsyncStream { $0.finish() }
    }

    public func claimLogin(_ node: NodeAddress) async throws -> Bool { true }

    public func releaseLogin(_ node: NodeAddress) async {}

    public func instances() async throws -> [InstanceSummary] { [] }

    public func sharePresence(of user: String, flags uids: [String], online: Bool) async throws -> [String] { uids }

    public func presenceNotices() -> AsyncStream<PresenceNotice> {
        AsyncStream { $0.finish() }
    }

    public func presenceWatchers(of uid: String) async throws -> [String] { [] }
}
