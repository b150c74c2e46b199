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
///
/// The deadlines are checked by the loop's shared ``LinkDeadlineSweep``, so a link schedules no
/// timer of its own.
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
    private let sweep: LinkDeadlineSweep
    private var context: ChannelHandlerContext?
    private var loggedIn = false
    private var readDeadline: NIODeadline
    private var pendingWrites = 0
    private var lastWriteProgress = NIODeadline.now()

    init(configuration: ServerConfiguration, activity: LinkActivity, sweep: LinkDeadlineSweep) {
        loginTimeout = .nanoseconds(configuration.loginTimeout.nanoseconds)
        idleTimeout = .nanoseconds(configuration.idleTimeout.nanoseconds)
        writeTimeout = .nanoseconds(configuration.writeTimeout.nanoseconds)
        self.activity = activity
        self.sweep = sweep
        readDeadline = .now() + loginTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        readDeadline = .now() + loginTimeout
        sweep.add(self, on: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        sweep.remove(self, on: context.eventLoop)
        self.context = nil
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
        promise?.succeed(())
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let completion = promise ?? context.eventLoop.makePromise()
        if pendingWrites == 0 { lastWriteProgress = .now() }
        pendingWrites += 1
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        completion.futureResult.whenComplete { _ in
            let handler = loopBound.value
            handler.pendingWrites -= 1
            handler.lastWriteProgress = .now()
        }
        context.write(data, promise: completion)
    }

    /// Called by the sweep: closes the link once a deadline passed.
    func checkDeadlines(now: NIODeadline) {
        guard let context else { return }
        if now >= readDeadline {
            activity.recordClose(loggedIn ? "fail connection timeout (idle)" : "fail connection timeout (login)")
        } else if pendingWrites > 0 && now >= lastWriteProgress + writeTimeout {
            activity.recordClose("fail write timeout")
        } else {
            return
        }
        sweep.remove(self, on: context.eventLoop)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension LinkTimeoutHandler: Sendable {}
