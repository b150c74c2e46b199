import NIOCore
import TMTP
import TMTPTransport

/// The end of a server link's pipeline: hands received frame steps to the link's ``LinkInbox``, and
/// starts the session's task when they reach a session that has none (an idle link has none).
///
/// It holds back reads while the inbox is full, so a client that sends faster than its ops run is
/// not read further (TCP then pushes back on it).
final class LinkInboundHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundFrame<ClientMessage>
    typealias OutboundIn = OutboundFrame
    typealias OutboundOut = OutboundFrame

    private let inbox: LinkInbox
    private let startSession: @Sendable () -> Void

    init(inbox: LinkInbox, startSession: @escaping @Sendable () -> Void) {
        self.inbox = inbox
        self.startSession = startSession
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if inbox.append(unwrapInboundIn(data)) { startSession() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if inbox.finish(failure: nil) { startSession() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if inbox.finish(failure: error) { startSession() }
    }

    func read(context: ChannelHandlerContext) {
        guard !inbox.isReadingPaused else { return }
        context.read()
    }
}

@available(*, unavailable)
extension LinkInboundHandler: Sendable {}
