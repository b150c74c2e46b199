import Foundation
import Logging
import TMTPTransport

/// Keeps one account in step with its site: one link at a time, remade after failures with
/// exponential backoff; stored server messages written to the store and then acked; the outbox
/// sent in order; presence kept in memory.
///
/// Screens and commands never wait on it: they read the store and listen to `events()` and the
/// store's `changes()`. Enqueueing to the outbox (from this process or another) is how they send.
public actor AccountSync {
    public nonisolated let account: String
    public nonisolated let store: ClientStore
    public nonisolated let configuration: SyncConfiguration
    nonisolated let logger: Logger

    public private(set) var state: SyncState = .stopped
    /// Uids of contacts currently online, as told by `ohi` and `info`.
    public private(set) var onlineContacts: Set<String> = []

    private var runTask: Task<Void, Never>?
    private var sessionTask: Task<Void, any Error>?
    private var watchTask: Task<Void, Never>?
    private let broadcast = Broadcast<SyncEvent>(bufferingNewest: 1024)
    private var workPending = false
    private var workWaiter: CheckedContinuation<Void, Never>?
    private var workWaiterToken: UInt64 = 0
    private var sessionWentOnline = false

    public init(account: String, store: ClientStore, configuration: SyncConfiguration) {
        self.account = account
        self.store = store
        self.configuration = configuration
        var logger = Logger(label: "quire.sync")
        logger[metadataKey: "account"] = "\(account)"
        self.logger = logger
    }

    // MARK: - Running

    /// Starts connecting in the background (does nothing when already running).
    public func start() {
        guard runTask == nil else { return }
        watchTask = Task { [account, store] in
            for await change in await store.changes() where change.area == .outbox && change.account == account {
                self.wake()
            }
        }
        runTask = Task { await self.runLoop() }
    }

    /// Stops and waits until the link is closed.
    public func stop() async {
        let task = runTask
        runTask = nil
        task?.cancel()
        sessionTask?.cancel()
        await task?.value
        watchTask?.cancel()
        watchTask = nil
        if case .rejected = state {} else { setState(.stopped) }
    }

    /// Wakes the sender to look at the outbox now.
    public func wake() {
        if let waiter = workWaiter {
            workWaiter = nil
            waiter.resume()
        } else {
            workPending = true
        }
    }

    /// Events from now on; the stream ends when the subscriber stops iterating.
    public func events() -> AsyncStream<SyncEvent> {
        broadcast.subscribe(startingWith: .state(account: account, state))
    }

    func emit(_ event: SyncEvent) {
        broadcast.publish(event)
    }

    func setState(_ newState: SyncState) {
        guard newState != state else { return }
        state = newState
        logger.debug("state: \(newState)")
        emit(.state(account: account, newState))
    }

    /// The session logged in.
    func markOnline() {
        sessionWentOnline = true
        setState(.online)
    }

    func setPresence(_ uid: String, online: Bool) {
        let changed = online ? onlineContacts.insert(uid).inserted : onlineContacts.remove(uid) != nil
        if changed { emit(.presence(account: account, uid: uid, online: online)) }
    }

    private func clearPresence() {
        for uid in onlineContacts { emit(.presence(account: account, uid: uid, online: false)) }
        onlineContacts = []
    }

    /// Test hook: drops the link once at `point`.
    func arm(_ point: CrashPoint) {
        configuration.crashPoints.arm(point)
    }

    /// Waits until `wake()` or `timeout`, whichever comes first.
    func waitForWork(timeout: Duration) async {
        if workPending {
            workPending = false
            return
        }
        workWaiterToken += 1
        let token = workWaiterToken
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expireWaiter(token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    workWaiter = continuation
                }
            }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
    }

    private func expireWaiter(_ token: UInt64) {
        guard token == workWaiterToken, let waiter = workWaiter else { return }
        workWaiter = nil
        waiter.resume()
    }

    /// Ends the current link (the sender calls it when an ack never comes).
    func abortSession() {
        sessionTask?.cancel()
    }

    private func runLoop() async {
        while !Task.isCancelled {
            if let current = try? await store.account(named: account), current.state == .rejected {
                setState(.rejected(reason: current.error ?? "the site rejected this device"))
                return
            }
            let lock: AccountLock?
            do {
                lock = try AccountLock.tryAcquire(account: account, home: configuration.home)
            } catch {
                setState(.rejected(reason: "\(error)"))
                return
            }
            guard let lock else {
                setState(.waitingForLock)
                try? await Task.sleep(for: configuration.lockRetryInterval)
                continue
            }
            sessionWentOnline = false
            aftermath = nil
            let session = AccountSession(sync: self)
            let task = Task { try await session.run() }
            sessionTask = task
            // Stopping cancels this loop's task; the session is a task of its own and must follow.
            let result = await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
            sessionTask = nil
            await session.acks.closeAll()
            clearPresence()
            _ = lock  // held until here
            if Task.isCancelled { break }
            switch result {
            case .success:
                failures = 0
            case .failure(let error):
                var next = aftermath
                if next == nil { next = await conclude(error) }
                switch next {
                case .retry(let delay): try? await Task.sleep(for: delay)
                case .stop, nil: return
                }
            }
        }
    }

    /// What follows a failed link: stopping, or another attempt after a delay.
    private enum Aftermath {
        case stop
        case retry(after: Duration)
    }

    /// Failed links in a row, for the backoff.
    private var failures = 0
    /// Set when the session reported its failure before its link finished closing.
    private var aftermath: Aftermath?

    /// The session's link failed: the state says so now, not once the link has closed (a TLS
    /// close waits seconds for a site that keeps sending, and `online` must not show meanwhile).
    /// Not when stopping: then the failure is only the link being taken down.
    func linkFailed(_ error: any Error) async {
        guard aftermath == nil, runTask != nil else { return }
        aftermath = await conclude(error)
    }

    /// Records and shows why a link failed, and decides what follows.
    private func conclude(_ error: any Error) async -> Aftermath {
        switch error {
        case SyncFailure.rejected(let reason):
            await recordRejection(reason)
            setState(.rejected(reason: reason))
            return .stop
        case SyncFailure.refused(let reason):
            await recordRefusal(reason)
            setState(.rejected(reason: reason))
            return .stop
        default:
            let fault = SiteFault.describe(error)
            if let fault, !configuration.retriesAfterSiteFaults {
                setState(.rejected(reason: fault))
                return .stop
            }
            if sessionWentOnline { failures = 0 }
            failures += 1
            let delay = configuration.backoff(failures: failures)
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            setState(.retrying(reason: fault ?? Self.describe(error), delaySeconds: seconds))
            return .retry(after: delay)
        }
    }

    private func recordRejection(_ reason: String) async {
        do {
            try await store.updateAccount(named: account) {
                $0.state = .rejected
                $0.error = reason
            }
        } catch {
            logger.error("cannot record rejection: \(error)")
        }
    }

    /// Notes why an account is not registered yet, leaving its state alone: the user's fix (an
    /// invite, a corrected known-sites file) takes effect at the next start, and registering
    /// clears the note. A registered account keeps its note for what outlives a link (a refused alias).
    private func recordRefusal(_ reason: String) async {
        do {
            try await store.updateAccount(named: account) { if $0.uid == nil { $0.error = reason } }
        } catch {
            logger.error("cannot record refusal: \(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        "\(error)"
    }
}

/// Why a session ended.
enum SyncFailure: Error, CustomStringConvertible {
    /// The site ended the link with a `quit` reason.
    case quit(String)
    /// The node password was refused: retrying cannot help, and the account is marked rejected.
    case rejected(String)
    /// The site refused something waiting will not change (registration closed, an invite needed,
    /// a changed certificate): this run stops, and the next start tries again.
    case refused(String)
    case unexpected(String)
    case linkClosed
    case ackTimeout(String)
    /// A crash test dropped the link at a named point.
    case crash(CrashPoint)

    var description: String {
        switch self {
        case .quit(let reason): "the site closed the link: \(reason)"
        case .rejected(let reason), .refused(let reason): reason
        case .unexpected(let detail): "unexpected reply from the site: \(detail)"
        case .linkClosed: "the site closed the link"
        case .ackTimeout(let id): "no ack for \(id); reconnecting"
        case .crash(let point): "crash test at \(point.rawValue)"
        }
    }
}
