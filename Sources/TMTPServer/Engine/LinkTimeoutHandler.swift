import NIOCore
import TMTP
import TMTPTransport

/// Closes a link that stays silent or stops draining its writes.
///
/// - Until login, one deadline counted from accept (the reference's 5 s `kLoginTimeout`).
/// - After login (``LoggedIn`` passed as a user outbound event), every received frame step re-arms
///   the idle deadline (`kPulseTimeout`). Only decoded frame steps count, so dripping a header one
///   byte at a time does not keep a link alive.
/// - Any write that makes no progress for `writeTimeout` closes the link: the reference has no write
///   deadline, so a peer that stops reading could block its node forever (PROTOCOL.md 7.3).
final class LinkTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundFrame<ClientMessage>
    typealias InboundOut = InboundFrame<ClientMessage>
    typealias OutboundIn = OutboundFrame
    typealias OutboundOut = OutboundFrame

    /// Tells the handler the link logged in: switch from the login deadline to the idle timeout.
    struct LoggedIn: Sendable {}

    private let loginTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let writeTimeout: TimeAmount
    private let activity: LinkActivity
    private var loggedIn = false
    private var readDeadline: NIODeadline
    private var readTimer: Scheduled<Void>?
    private var pendingWrites = 0
    private var lastWriteProgress = NIODeadline.now()
    private var writeTimer: Scheduled<Void>?

    init(configuration: ServerConfiguration, activity: LinkActivity) {
        loginTimeout = .nanoseconds(configuration.loginTimeout.nanoseconds)
        idleTimeout = .nanoseconds(configuration.idleTimeout.nanoseconds)
        writeTimeout = .nanoseconds(configuration.writeTimeout.nanoseconds)
        self.activity = activity
        readDeadline = .now() + loginTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        readDeadline = .now() + loginTimeout
        scheduleReadTimer(context: context, at: readDeadline)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        readTimer?.cancel()
        writeTimer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if loggedIn {
            let now = NIODeadline.now()
            readDeadline = now + idleTimeout
            activity.recordRead(at: now)
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is LoggedIn else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        loggedIn = true
        let now = NIODeadline.now()
        activity.recordRead(at: now)
        readDeadline = now + idleTimeout
        readTimer?.cancel()
        scheduleReadTimer(context: context, at: readDeadline)
        promise?.succeed(())
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let completion = promise ?? context.eventLoop.makePromise()
        if pendingWrites == 0 { lastWriteProgress = .now() }
        pendingWrites += 1
        if writeTimer == nil { scheduleWriteTimer(context: context, at: lastWriteProgress + writeTimeout) }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        completion.futureResult.whenComplete { _ in
            let (handler, _) = loopBound.value
            handler.pendingWrites -= 1
            handler.lastWriteProgress = .now()
        }
        context.write(data, promise: completion)
    }

    private func scheduleReadTimer(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        readTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.readTimerFired(context: context)
        }
    }

    private func readTimerFired(context: ChannelHandlerContext) {
        if NIODeadline.now() >= readDeadline {
            activity.recordClose(loggedIn ? "fail connection timeout (idle)" : "fail connection timeout (login)")
            context.close(promise: nil)
        } else {
            scheduleReadTimer(context: context, at: readDeadline)
        }
    }

    private func scheduleWriteTimer(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        writeTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.writeTimerFired(context: context)
        }
    }

    private func writeTimerFired(context: ChannelHandlerContext) {
        writeTimer = nil
        guard pendingWrites > 0 else { return }
        let deadline = lastWriteProgress + writeTimeout
        if NIODeadline.now() >= deadline {
            activity.recordClose("fail write timeout")
            context.close(promise: nil)
        } else {
            scheduleWriteTimer(context: context, at: deadline)
        }
    }
}

@available(*, unavailable)
extension LinkTimeoutHandler: Sendable {}
