import NIOConcurrencyHelpers
import NIOCore

/// Checks the deadlines of every link on an event loop with one repeated task per loop, instead of
/// a timer per link: an idle link's timeouts cost an entry in a dictionary, not a scheduled task.
///
/// Each ``LinkTimeoutHandler`` joins the sweep of its loop when added and leaves it when removed;
/// a deadline is noticed at most one `interval` late.
final class LinkDeadlineSweep: Sendable {
    /// The handlers of one event loop; only touched on that loop.
    fileprivate final class Members {
        var handlers: [ObjectIdentifier: LinkTimeoutHandler] = [:]
        var task: RepeatedTask?

        func check() {
            let now = NIODeadline.now()
            for handler in Array(handlers.values) { handler.checkDeadlines(now: now) }
        }
    }

    let interval: TimeAmount
    private let loops = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<Members>]>([:])
    private let stopped = NIOLockedValueBox(false)

    init(interval: TimeAmount) {
        self.interval = interval
    }

    /// A quarter of the shortest timeout, between 10 ms and 1 s.
    convenience init(configuration: ServerConfiguration) {
        let shortest = min(configuration.loginTimeout, configuration.idleTimeout, configuration.writeTimeout)
        let nanoseconds = shortest.components.seconds * 1_000_000_000 + shortest.components.attoseconds / 1_000_000_000
        self.init(interval: .nanoseconds(min(max(nanoseconds / 4, 10_000_000), 1_000_000_000)))
    }

    /// Adds `handler` to the sweep of `eventLoop`; call it on that loop.
    func add(_ handler: LinkTimeoutHandler, on eventLoop: any EventLoop) {
        members(of: eventLoop)?.handlers[ObjectIdentifier(handler)] = handler
    }

    /// Removes `handler`; call it on its loop.
    func remove(_ handler: LinkTimeoutHandler, on eventLoop: any EventLoop) {
        let key = ObjectIdentifier(eventLoop)
        guard let members = loops.withLockedValue({ $0[key] }) else { return }
        members.value.handlers[ObjectIdentifier(handler)] = nil
    }

    /// Ends every loop's repeated task; handlers added later are not checked.
    func stop() {
        let all = loops.withLockedValue { loops in
            defer { loops = [:] }
            return Array(loops.values)
        }
        stopped.withLockedValue { $0 = true }
        for members in all {
            members.eventLoop.execute {
                members.value.task?.cancel()
                members.value.handlers = [:]
            }
        }
    }

    /// The members of `eventLoop`, starting its repeated task the first time; nil once stopped.
    private func members(of eventLoop: any EventLoop) -> Members? {
        let key = ObjectIdentifier(eventLoop)
        return loops.withLockedValue { loops -> Members? in
            if let members = loops[key] { return members.value }
            guard !stopped.withLockedValue({ $0 }) else { return nil }
            let members = Members()
            let bound = NIOLoopBound(members, eventLoop: eventLoop)
            members.task = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                bound.value.check()
            }
            loops[key] = bound
            return members
        }
    }
}

@available(*, unavailable)
extension LinkDeadlineSweep.Members: Sendable {}
