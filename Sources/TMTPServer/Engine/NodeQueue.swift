import Logging
import NIOCore
import TMTP

/// Delivers one logged-in node's queue over its link, stop-and-wait as the reference does.
///
/// The head of the node's durable queue is written; the next is fetched only after the node acks
/// that one by id, and the store has removed it durably. Without an ack within `ackTimeout` the same
/// message is written again on the same link. An ack for any other id is logged and ignored; unlike
/// the reference (PROTOCOL.md 7.7) it never blocks the link. When the link goes, the in-flight
/// message simply stays queued and comes first on the next login.
actor NodeQueue {
    let node: NodeAddress
    private let store: any ServerStore
    private let outbox: LinkOutbox
    private let ackTimeout: TimeAmount
    private let eventLoop: any EventLoop
    private let logger: Logger

    private var rung = false
    private var stopped = false
    private var inFlight: UInt64?
    private var acked = false
    private var timedOut = false
    private var timerGeneration = 0
    private var wakeup: CheckedContinuation<Void, Never>?

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

    /// New messages may be queued for this node.
    func ring() {
        rung = true
        wake()
    }

    /// The node acked `id` (a client's op 10).
    func acknowledge(_ id: String) {
        guard let value = MessageID(id)?.value, value == inFlight else {
            logger.debug("\(node) ack got \(id), want \(inFlight.map { MessageID($0).description } ?? "none")")
            return
        }
        acked = true
        wake()
    }

    /// The link closed: stop after the current step. An ack already received is still committed.
    func stop() {
        stopped = true
        wake()
    }

    /// Runs until ``stop()`` or a store failure.
    func run() async {
        while !stopped {
            rung = false
            let head: QueuedMessage?
            do {
                head = try await store.nextMessage(for: node)
            } catch {
                logger.error("\(node) queue read failed: \(error)")
                return
            }
            guard let head else {
                if !rung && !stopped { await sleep() }
                continue
            }
            await deliverUntilAcked(head)
            inFlight = nil
            guard acked else { return }
            do {
                try await store.acknowledge(head.id, for: node)
            } catch {
                logger.error("\(node) ack of \(MessageID(head.id)) not recorded: \(error)")
                return
            }
        }
    }

    private func deliverUntilAcked(_ message: QueuedMessage) async {
        inFlight = message.id
        acked = false
        while !stopped && !acked {
            guard await outbox.deliver(message) else {
                stopped = true
                return
            }
            guard !acked && !stopped else { return }
            timedOut = false
            timerGeneration += 1
            let generation = timerGeneration
            let timer = eventLoop.scheduleTask(in: ackTimeout) {
                Task { await self.ackTimerFired(generation) }
            }
            while !acked && !stopped && !timedOut { await sleep() }
            timer.cancel()
            if timedOut && !acked { logger.info("\(node) no ack for \(MessageID(message.id)), sending again") }
        }
    }

    private func ackTimerFired(_ generation: Int) {
        guard generation == timerGeneration else { return }
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
