import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TMTP
import TMTPTransport

/// A running TMTP site: a TLS listener whose links each run a ``LinkSession`` over a shared store.
///
/// A link's pipeline ends in a ``LinkInboundHandler``, which starts the session's task when frames
/// arrive; an idle link keeps no task.
///
/// Start it with ``start(configuration:store:host:port:tls:logger:)``; ``shutdown()`` stops accepting,
/// closes every link, and returns once each link's work (including commits in progress) is done.
public final class SiteServer: Sendable {
    private let listener: ServerListener
    private let context: SiteContext
    private let links: LinkTracker
    private let sweep: LinkDeadlineSweep
    /// Wakes local deliveries for what other processes sharing the store enqueue.
    private let wakeUps: Task<Void, Never>
    /// Tells local links of the presence changes other processes sharing the store make.
    private let presence: Task<Void, Never>
    private let memberWatch: MemberWatch?

    /// The bound address (with port 0, the one the system picked).
    public var localAddress: SocketAddress? { listener.localAddress }

    private init(
        listener: ServerListener, context: SiteContext, links: LinkTracker, sweep: LinkDeadlineSweep,
        memberWatch: MemberWatch?
    ) {
        self.listener = listener
        self.context = context
        self.links = links
        self.sweep = sweep
        wakeUps = Task {
            for await wakeUp in context.store.queueWakeUps() { await context.wake(wakeUp) }
        }
        presence = Task {
            for await notice in context.store.presenceNotices() { await context.tell(notice) }
        }
        self.memberWatch = memberWatch
    }

    public static func start(
        configuration: ServerConfiguration,
        store: any ServerStore,
        members: (any MemberAdministration)? = nil,
        host: String,
        port: Int,
        tls: ServerTLSContext,
        logger: Logger = Logger(label: "tmtpd")
    ) async throws -> SiteServer {
        let context = SiteContext(
            configuration: configuration, store: store,
            registry: LinkRegistry(takeoverAfter: configuration.takeoverAfter),
            admission: AdmissionControl(configuration: configuration), messageIDs: MessageIDAllocator(store: store),
            pingCounter: DailyCounter(), sharedLimits: store as? any SharedLimitCounters, suspended: SuspendedMembers(),
            logger: logger)
        var memberWatch: MemberWatch?
        if let members {
            memberWatch = try await MemberWatch(
                members: members, registry: context.registry, suspended: context.suspended, logger: logger)
        }
        let links = LinkTracker()
        let sweep = LinkDeadlineSweep(configuration: configuration)
        let listener = try await ServerListener.bind(host: host, port: port, tls: tls) { channel in
            channel.eventLoop.makeCompletedFuture {
                try accept(channel, context: context, links: links, sweep: sweep)
            }
        }
        return SiteServer(
            listener: listener, context: context, links: links, sweep: sweep, memberWatch: memberWatch)
    }

    private static func accept(
        _ channel: Channel, context: SiteContext, links: LinkTracker, sweep: LinkDeadlineSweep
    ) throws {
        let activity = LinkActivity()
        let link = LinkHandle(
            serial: links.nextSerial(), channel: channel,
            outbox: LinkOutbox(blobs: context.store.blobs, channel: channel), activity: activity)
        guard links.add(link) else {
            channel.close(promise: nil)
            return
        }
        let inbox = LinkInbox(resumeReading: { channel.read() })
        let session = LinkSession(site: context, link: link, inbox: inbox)
        let startSession: @Sendable () -> Void = {
            Task {
                guard await session.serve() else { return }
                links.remove(link)
            }
        }
        do {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(
                LinkTimeoutHandler(configuration: context.configuration, activity: activity, sweep: sweep))
            try pipeline.addHandler(LinkInboundHandler(inbox: inbox, startSession: startSession))
        } catch {
            links.remove(link)
            throw error
        }
        for evicted in context.admission.admit(link) {
            evicted.activity.recordClose("fail too many links waiting to log in")
            evicted.close()
        }
    }

    /// Links open now (logged in or not).
    public var linkCount: Int { links.count }

    /// Nodes logged in now.
    public func loggedInCount() async -> Int { await context.registry.liveNodeCount }

    /// Stops accepting, closes every link and waits for their sessions to finish.
    public func shutdown() async {
        wakeUps.cancel()
        presence.cancel()
        try? await listener.close()
        memberWatch?.stop()
        await links.closeAllAndWait()
        sweep.stop()
    }
}

/// The open links, so shutdown can close them and wait for each session's last commit.
final class LinkTracker: Sendable {
    private struct State {
        var serial = 0
        var links: [Int: LinkHandle] = [:]
        var closing = false
        var idle: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func nextSerial() -> Int {
        state.withLockedValue {
            $0.serial += 1
            return $0.serial
        }
    }

    /// `false` once shutdown began.
    func add(_ link: LinkHandle) -> Bool {
        state.withLockedValue {
            guard !$0.closing else { return false }
            $0.links[link.serial] = link
            return true
        }
    }

    func remove(_ link: LinkHandle) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.links[link.serial] = nil
            guard state.links.isEmpty else { return [] }
            defer { state.idle = [] }
            return state.idle
        }
        for waiter in waiters { waiter.resume() }
    }

    var count: Int { state.withLockedValue { $0.links.count } }

    func closeAllAndWait() async {
        let open = state.withLockedValue {
            $0.closing = true
            return Array($0.links.values)
        }
        for link in open { link.close() }
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state -> Bool in
                guard !state.links.isEmpty else { return true }
                state.idle.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
