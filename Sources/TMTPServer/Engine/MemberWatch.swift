import Logging
import NIOConcurrencyHelpers

/// The running server's side of ``MemberAdministration``: reads the store's change log when the store
/// signals a change (or, when it cannot, every ``interval``) and makes each change take effect on live
/// links, without a restart.
///
/// Polling one indexed row range every ``interval`` costs a read a quarter second when nothing
/// changed, and needs nothing from the admin command but the database both already share.
final class MemberWatch: Sendable {
    static let interval: Duration = .milliseconds(250)

    private let members: any MemberAdministration
    private let registry: LinkRegistry
    private let suspended: SuspendedMembers
    private let logger: Logger
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// Loads the suspended members now, so a suspended member cannot log in from the first link on.
    init(
        members: any MemberAdministration, registry: LinkRegistry, suspended: SuspendedMembers, logger: Logger
    ) async throws {
        self.members = members
        self.registry = registry
        self.suspended = suspended
        self.logger = logger
        let start = try await members.latestMemberChange()
        suspended.replace(with: try await members.suspendedMembers())
        task.withLockedValue { $0 = Task { [self] in await self.watch(after: start) } }
    }

    func stop() {
        task.withLockedValue { $0?.cancel() }
    }

    private func watch(after start: Int64) async {
        var seen = start
        if let signals = members.memberChangeSignals() {
            for await _ in signals { await catchUp(after: &seen) }
            return
        }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: Self.interval)
            } catch {
                return
            }
            await catchUp(after: &seen)
        }
    }

    /// Acts on the changes numbered above `seen`, and moves `seen` past them.
    private func catchUp(after seen: inout Int64) async {
        do {
            let changes = try await members.memberChanges(after: seen)
            guard let last = changes.last else { return }
            try await members.reloadDirectory()
            suspended.replace(with: try await members.suspendedMembers())
            for change in changes { await apply(change) }
            seen = last.sequence
        } catch {
            logger.error("member changes not read: \(error)")
        }
    }

    private func apply(_ change: MemberChange) async {
        let closing: [LinkHandle]
        switch change.kind {
        case .resume: return
        case .suspend, .remove: closing = await registry.links(ofUser: change.uid)
        case .dropNode:
            guard let number = change.node else { return }
            closing = await registry.link(of: NodeAddress(uid: change.uid, number: number)).map { [$0] } ?? []
        }
        logger.info("member \(change.kind.rawValue): closing \(closing.count) links")
        for link in closing {
            link.activity.recordClose("quit \(change.kind.rawValue) by the operator")
            link.close()
        }
    }
}

/// The uids that may not log in, as the server last read them.
final class SuspendedMembers: Sendable {
    private let uids = NIOLockedValueBox(Set<String>())

    func contains(_ uid: String) -> Bool { uids.withLockedValue { $0.contains(uid) } }

    func replace(with new: Set<String>) { uids.withLockedValue { $0 = new } }
}
