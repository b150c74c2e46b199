import Logging
import NIOCore
import TMTP

/// Delivers one logged-in node's queue over its link, stop-and-wait as the reference does.
///
/// The head of the node's durable queue is written; the next only after the node acks that one by
/// id. Messages are read a batch at a time; a batch that was the whole queue ends the run until a
/// ring. A ring carries the messages just committed for the node, which ``ReadAhead`` adds without a
/// read when it can tell the last read missed them; otherwise the queue is read again (an
/// edit-priority ring, which goes first, drops what was read ahead). The ack's removal from the store
/// commits in the background while the next message goes out (it is left out of the next read),
/// so a node's deliveries are not paced by fsyncs; a crash before that commit only means the acked message comes again after
/// restart, which at-least-once delivery allows (clients de-duplicate by id). Without an ack within
/// `ackTimeout` the same message is written again on the same link. An ack for any other id is
/// logged and ignored; unlike the reference (PROTOCOL.md 7.7) it never blocks the link. When the
/// link goes, the in-flight message simply stays queued and comes first on the next login.
///
/// Its task only runs while there is something to deliver: a node whose whole queue went out
/// keeps no suspended task (a few KB each, at thousands of idle links); the next ring starts one.
actor NodeQueue {
    let node: NodeAddress
    private let store: any ServerStore
    private let outbox: LinkOutbox
    private let ackTimeout: TimeAmount
    private let eventLoop: any EventLoop
    private let logger: Logger

    private var stopped = false
    /// The delivery task runs (it ends when the queue is delivered, and on failure).
    private var running = false
    /// A queue read failed: delivery stays ended until the next ring or login.
    private var failed = false
    private var inFlight: UInt64?
    private var acked = false
    private var timedOut = false
    /// When the in-flight message is due to be sent again; `nil` while none waits for its ack.
    private var ackDeadline: NIODeadline?
    /// A timer is scheduled. It outlives the message it was armed for: one timer per node serves
    /// many deliveries, instead of a schedule and a cancel on the event loop for each one.
    private var timerArmed = false
    private var wakeup: CheckedContinuation<Void, Never>?
    /// Acked messages whose removal is still committing.
    private var committing: Set<UInt64> = []
    /// An ack's removal failed: delivery stays ended until the next ring or login, and then reads
    /// the queue again (the message is still in it, and goes out again).
    private var commitFailed = false
    /// Callers of ``acksCommitted()`` waiting for `committing` to empty.
    private var ackWaiters: [CheckedContinuation<Void, Never>] = []

    private var readAhead = ReadAhead()
    private var reading = false
    /// Rings that came while a read was in flight, settled against that read once it returns.
    private var ringsDuringRead: [QueueRing] = []

    /// Acks that may commit at once before delivery waits for one of them.
    static let maximumCommitting = 8
    /// How many messages, and how many bytes of them, one read takes ahead.
    static let readAheadCount = 16
    static let readAheadBytes = 64 << 10

    init(
        node: NodeAddress, store: any ServerStore, outbox: LinkOutbox, ackTimeout: Duration, eventLoop: any EventLoop,
        logger: Logger
    ) {
        self.node = node
        self.store = store
        self.outbox = outbox
        self.ackTimeout = .nanoseconds(ackTimeout.nanoseconds)
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Messages were committed for this node (see the type's notes). After a failed read, a ring
    /// tries again (the store may be back: a database restarted).
    func ring(_ ring: QueueRing) {
        failed = false
        commitFailed = false
        if reading {
            ringsDuringRead.append(ring)
        } else {
            readAhead.settle(ring)
        }
        wake()
        start()
    }

    /// Starts delivering unless the delivery task already runs.
    func start() {
        guard !running && !stopped && !failed && !commitFailed else { return }
        running = true
        Task { await run() }
    }

    /// The node acked `id` (a client's op 10).
    func acknowledge(_ id: String) {
        guard let value = MessageID(id)?.value, value == inFlight else {
            logger.debug("\(node) ack got \(id), want \(inFlight.map { MessageID($0).description } ?? "none")")
            return
        }
        acked = true
        // Committed from here, not from the delivery loop, so an op the node sends after its ack
        // (see ``acksCommitted()``) finds the commit already under way.
        commitAck(value)
        wake()
    }

    /// The link closed: stop after the current step. An ack already received is still committed.
    func stop() {
        stopped = true
        wake()
    }

    /// Delivers until the whole queue went out, ``stop()`` or a store failure.
    private func run() async {
        defer { running = false }
        while !stopped && !commitFailed {
            guard !readAhead.isEmpty else {
                // Everything queued went out: a ring starts the next run.
                if readAhead.mirrorsStore { return }
                if !(await readBatch()) {
                    failed = true
                    return
                }
                continue
            }
            guard let head = readAhead.popFirst() else { continue }
            await deliverUntilAcked(head)
            inFlight = nil
            guard acked else { return }
            while committing.count >= Self.maximumCommitting && !stopped && !commitFailed { await sleep() }
        }
    }

    /// Reads the next messages into `readAhead`; `false` when the store failed.
    private func readBatch() async -> Bool {
        reading = true
        ringsDuringRead = []
        defer {
            reading = false
            ringsDuringRead = []
        }
        let batch: QueueBatch
        do {
            batch = try await store.nextMessages(
                for: node, excluding: committing, limit: Self.readAheadCount, byteBudget: Self.readAheadBytes)
        } catch {
            logger.error("\(node) queue read failed: \(error)")
            return false
        }
        readAhead.adopt(batch)
        for ring in ringsDuringRead { readAhead.settle(ring) }
        return true
    }

    private func commitAck(_ id: UInt64) {
        committing.insert(id)
        let store = self.store
        let node = self.node
        Task {
            do {
                if try await store.acknowledge(id, for: node) { SiteMetrics.acks.increment() }
                self.committed(id, failure: nil)
            } catch {
                self.committed(id, failure: error)
            }
        }
    }

    /// Returns once every ack received so far has committed (or failed).
    func acksCommitted() async {
        guard !committing.isEmpty else { return }
        await withCheckedContinuation { ackWaiters.append($0) }
    }

    private func committed(_ id: UInt64, failure: (any Error)?) {
        committing.remove(id)
        if committing.isEmpty {
            for waiter in ackWaiters { waiter.resume() }
            ackWaiters = []
        }
        if let failure {
            logger.error("\(node) ack of \(MessageID(id)) not recorded: \(failure)")
            commitFailed = true
            let reread = QueueRing(commit: 0, messages: nil, jumpsQueue: true)
            if reading { ringsDuringRead.append(reread) } else { readAhead.settle(reread) }
        }
        wake()
    }

    private func deliverUntilAcked(_ message: QueuedMessage) async {
        inFlight = message.id
        acked = false
        while !stopped && !acked {
            guard await outbox.deliver(message) else {
                stopped = true
                return
            }
            SiteMetrics.deliveries.increment()
            guard !acked && !stopped else { return }
            timedOut = false
            ackDeadline = .now() + ackTimeout
            armAckTimer()
            while !acked && !stopped && !timedOut { await sleep() }
            ackDeadline = nil
            if timedOut && !acked { logger.info("\(node) no ack for \(MessageID(message.id)), sending again") }
        }
    }

    private func armAckTimer() {
        guard !timerArmed, let deadline = ackDeadline else { return }
        timerArmed = true
        eventLoop.scheduleTask(deadline: deadline) {
            Task { await self.ackTimerFired() }
        }
    }

    /// Times out the in-flight message when its deadline has passed; a timer armed for an earlier
    /// message re-arms for the current one's deadline.
    private func ackTimerFired() {
        timerArmed = false
        guard let deadline = ackDeadline else { return }
        guard deadline <= .now() else {
            armAckTimer()
            return
        }
        timedOut = true
        wake()
    }

    private func sleep() async {
        await withCheckedContinuation { wakeup = $0 }
    }

    private func wake() {
        wakeup?.resume()
        wakeup = nil
    }
}
