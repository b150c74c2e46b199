import Foundation
import Logging
import NIOCore
import NIOPosix
import TMTP
import TMTPTransport

/// Why a session ends early.
struct SessionEnd: Error {
    /// Sent as `{"error":text,"op":"quit"}` (if TmtpRev was received) before closing.
    var text: String

    init(_ text: String) {
        self.text = text
    }

    init(_ reason: QuitReason) {
        text = reason.rawValue
    }
}

/// One link's protocol engine: checks every op in the reference server's order (PROTOCOL.md
/// section 1), runs it (section 4), and fans its messages out (section 5).
///
/// It runs in a task only while the link has work: ``serve()`` runs the ops whose frames have
/// arrived and returns when none waits, so an idle link costs its state and no suspended task (a
/// few KB each, which count at thousands of links). Its ``LinkInbox`` starts the next task when more
/// arrives. The link's writes go through its ``LinkOutbox`` and the node's deliveries through a
/// ``NodeQueue`` once logged in.
///
/// Unchecked `Sendable`: successive tasks use it, never two at once. The inbox starts a task only
/// after the previous one gave up the session under the inbox's lock, and that task touches nothing
/// after it; the lock orders each task's accesses after the last one's.
final class LinkSession: @unchecked Sendable {
    let site: SiteContext
    let link: LinkHandle
    let inbox: LinkInbox
    var reader: FrameReader
    var state = ClientLinkState()
    /// Set once logged in.
    var node: NodeAddress?
    var queue: NodeQueue?

    init(site: SiteContext, link: LinkHandle, inbox: LinkInbox) {
        self.site = site
        self.link = link
        self.inbox = inbox
        reader = FrameReader(inbox)
        logger.info("\(label) + accept")
    }

    /// The site's logger with the link's address, made per log line: an idle link keeps no copy of
    /// the metadata.
    var logger: Logger {
        var logger = site.logger
        logger[metadataKey: "link"] = "\(link.remote)"
        return logger
    }

    var store: any ServerStore { site.store }
    var configuration: ServerConfiguration { site.configuration }

    /// Runs the ops whose frames have arrived, then returns `false`; at the link's end (end of input,
    /// an error, a quit) it releases everything the link held and returns `true`.
    func serve() async -> Bool {
        var outcome = "eof"
        do {
            reading: while true {
                switch try await reader.nextWaitingMessage() {
                case .message(let message): try await handle(message)
                case .idle: return false
                case .end: break reading
                }
            }
        } catch let end as SessionEnd {
            outcome = "quit \(end.text)"
            if state.sendsQuitMessage {
                await link.outbox.send(.init(header: ServerMessage.quit(.init(error: end.text)).headerJSON()))
            }
        } catch let reason as QuitReason {
            outcome = "quit \(reason.rawValue)"
            if state.sendsQuitMessage {
                await link.outbox.send(.init(header: ServerMessage.quit(reason).headerJSON()))
            }
        } catch is FrameReader.Dropped {
            outcome = "eof during data"
        } catch {
            outcome = "fail \(error)"
        }
        inbox.stop()
        if let reason = link.activity.closeReason { outcome = reason }
        logger.info("\(label) + \(outcome)")
        SiteMetrics.linkEnded(outcome)
        await finish()
        await link.outbox.closeAndWait()
        return true
    }

    /// `uid[:7].nn` once logged in, else the peer address (as the reference logs).
    var label: String {
        guard let node else { return link.remote }
        let number = String(node.number, radix: 16)
        return "\(node.uid.prefix(7)).\(number.count < 2 ? "0" + number : number)"
    }

    private func finish() async {
        link.close()
        await link.outbox.close()
        site.admission.release(link)
        if let queue { await queue.stop() }
        if let node {
            if await site.registry.release(node, link: link) { await store.releaseLogin(node) }
            let flagged = await site.registry.linkClosed(user: node.uid, link: link)
            await site.announcePresence(of: node.uid, flags: flagged, online: false)
        }
    }

    // MARK: Dispatch

    private func handle(_ message: ClientMessage) async throws {
        try state.admit(message.op)
        try message.checkOperation()
        switch message {
        case .tmtpRev:
            state.hasTmtpRev = true
            let announcement = configuration.oidc?.announcement
            await reply(
                .tmtprev(.init(name: configuration.siteName, auth: announcement?.auth, authBy: announcement?.authBy)))
        case .register(let op): try await register(op)
        case .login(let op): try await login(op)
        case .userEdit(let op): try await userEdit(op)
        case .ohiEdit(let op): try await ohiEdit(op)
        case .groupInvite(let op): try await groupInvite(op)
        case .groupEdit(let op): try await groupEdit(op)
        case .post(let op): try await post(op)
        case .postNotify(let op): try await postNotify(op)
        case .ping(let op): try await ping(op)
        case .ack(let op): await queue?.acknowledge(op.id)
        case .pulse: break
        case .quit: throw SessionEnd(.logoutOK)
        }
    }

    // MARK: Helpers for the ops

    /// Writes a reply frame and waits until it went out.
    func reply(_ message: ServerMessage) async {
        await link.outbox.send(.init(header: message.headerJSON()))
    }

    func ack(_ id: String, error: String) async {
        await reply(.ack(.init(id: id, error: error)))
    }

    /// The text an `ack` carries for a failed op: the directory's refusal verbatim, otherwise a
    /// generic one (the details go to the log).
    func errorText(_ error: any Error, op: String) -> String {
        if let refusal = error as? DirectoryError { return refusal.message }
        if let full = error as? QueueQuotaExceeded { return full.description }
        logger.error("\(label) \(op) failed: \(error)")
        return "\(op): server error"
    }

    /// The logged-in node; ops 3-12 only run after `admit` checked there is one.
    var sender: NodeAddress {
        get throws {
            guard let node else { throw SessionEnd(.opOnUnauthenticatedLink) }
            return node
        }
    }

    /// Std fields for a new stored message.
    func std(
        id: UInt64, posted: String, from: String, dataLength: Int64 = 0, dataHead: Int64 = 0, dataSum: UInt64 = 0
    ) -> ServerMessage.Std {
        ServerMessage.Std(
            from: from, id: MessageID(id).description, posted: posted, dataLength: dataLength,
            dataHead: dataHead == 0 ? nil : dataHead, dataSum: dataSum == 0 ? nil : dataSum)
    }

    /// Stamps `count` new messages, builds them with `build`, stores them durably for all their nodes
    /// and wakes the nodes that are logged in; returns the stamps. With `checksQuota`, throws
    /// ``QueueQuotaExceeded`` when a recipient node already holds `nodeQueueQuota` messages.
    ///
    /// When the store finds that a recipient already got a later id (another process sharing it
    /// stamped after these and committed first), nothing was stored: the messages are stamped afresh
    /// and built again, so each node receives its ids in increasing order.
    @discardableResult
    func enqueue(stamping count: Int, checksQuota: Bool = false, _ build: ([SiteStamp]) throws -> [Delivery])
        async throws -> [SiteStamp]
    {
        var attempts = 1
        while true {
            var stamps: [SiteStamp] = []
            for _ in 0..<count { stamps.append(try await site.nextStamp()) }
            let deliveries = try build(stamps)
            do {
                let commit = try await store.enqueue(
                    deliveries, queueQuota: checksQuota ? configuration.nodeQueueQuota : 0)
                await site.ring(deliveries, commit: commit)
                return stamps
            } catch StoreError.messageIDBehind where attempts < Self.stampAttempts {
                attempts += 1
            }
        }
    }

    /// How often a message is stamped before a store that keeps refusing its ids fails it.
    static let stampAttempts = 20

    /// A notice with no data, stamped, stored and queued for `recipients`.
    func enqueueNotice(
        _ build: (ServerMessage.Std) -> ServerMessage, from: String, priority: QueuePriority = .message,
        to recipients: [NodeAddress]
    ) async throws {
        try await enqueue(stamping: 1) { stamps in
            [notice(build, stamp: stamps[0], from: from, priority: priority, to: recipients)]
        }
    }

    /// A notice with no data on `stamp`, for `recipients`.
    func notice(
        _ build: (ServerMessage.Std) -> ServerMessage, stamp: SiteStamp, from: String,
        priority: QueuePriority = .message, to recipients: [NodeAddress]
    ) -> Delivery {
        let message = build(std(id: stamp.id, posted: stamp.posted, from: from))
        return Delivery(SiteMessage(id: stamp.id, priority: priority, header: message.headerJSON()), to: recipients)
    }

    /// The node key hash of a password, computed on the blocking thread pool (it takes milliseconds).
    func hashNodeKey(_ password: [UInt8]) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { NodeKey.hash(password) }
    }
}
