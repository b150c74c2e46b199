import NIOCore

/// The server side of a link's TLS, over a ``BoringSSL/Connection``.
///
/// NIOSSL's handler keeps a 32 KiB plaintext buffer, a 16 KiB ciphertext buffer and a queue of 96 pending
/// actions for as long as a link lives, which made TLS most of an idle link's memory. This one keeps none:
/// received ciphertext is handed to BoringSSL as it comes, plaintext goes up in buffers sized to what arrived,
/// and sealed records go down at the next flush. An idle link costs BoringSSL's connection state (about 3 KiB)
/// and this object.
///
/// Writes are sealed as they come and sent together at the next flush, as one buffer whose write completes every
/// promise of the writes in it. Writes made before the handshake completes are held, and sent as soon as it
/// completes.
///
/// Closing sends close_notify and closes at once: TMTP has nothing to read after a close, so there is no reason to
/// wait for the peer's.
public final class ServerTLSHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case open
        case closed
    }

    /// The largest plaintext buffer a read passes up; a bigger record arrives in several.
    static let largestPlaintextRead = 8 << 10

    private let tls: ServerTLSContext
    private var connection: BoringSSL.Connection?
    private var state = State.handshaking
    private var heldWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    /// Completes with the write of the records sealed since the last flush; the promises of the writes sealed
    /// into them follow it.
    private var sealedPromise: EventLoopPromise<Void>?
    private var passedUpSinceReadComplete = false

    public init(context: ServerTLSContext) {
        self.tls = context
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        do {
            connection = try BoringSSL.Connection(context: tls.context, allocator: context.channel.allocator)
        } catch {
            state = .closed
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        state = .closed
        failHeldWrites(ChannelError.ioOnClosedChannel)
        connection = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed, let connection else { return }
        connection.receive(unwrapInboundIn(data))
        if state == .handshaking {
            advanceHandshake(context: context, connection: connection)
        }
        if state == .open {
            passPlaintextUp(context: context, connection: connection)
        }
        // Handshake flights, alerts, and replies BoringSSL writes while reading (a TLS 1.3 KeyUpdate).
        sendSealed(context: context, connection: connection)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        guard passedUpSinceReadComplete else { return }
        passedUpSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        failHeldWrites(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .handshaking:
            heldWrites.append((unwrapOutboundIn(data), promise))
        case .open:
            seal(unwrapOutboundIn(data), context: context, promise: promise)
        case .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        switch state {
        case .handshaking: break  // Held writes go out when the handshake completes.
        case .open: if let connection { sendSealed(context: context, connection: connection) }
        case .closed: context.flush()
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if state == .open, mode != .input, let connection {
            connection.close()
            sendSealed(context: context, connection: connection)
        }
        if mode != .input {
            state = .closed
            failHeldWrites(ChannelError.ioOnClosedChannel)
        }
        context.close(mode: mode, promise: promise)
    }

    private func advanceHandshake(context: ChannelHandlerContext, connection: BoringSSL.Connection) {
        switch connection.handshake() {
        case .done:
            state = .open
            let writes = heldWrites
            heldWrites = []
            for (data, promise) in writes {
                seal(data, context: context, promise: promise)
            }
        case .wantsMoreInput:
            break
        case .closedByPeer:
            fail(context: context, connection: connection, error: .handshakeFailed("the peer closed the handshake"))
        case .failed(let error):
            fail(context: context, connection: connection, error: error)
        }
    }

    private func passPlaintextUp(context: ChannelHandlerContext, connection: BoringSSL.Connection) {
        // Each pass up may run upstream code that closes the link, so the state is checked again every time.
        while state == .open {
            let capacity = min(Self.largestPlaintextRead, max(connection.pendingInput, 512))
            var plaintext = context.channel.allocator.buffer(capacity: capacity)
            let step = connection.read(into: &plaintext)
            if plaintext.readableBytes > 0 {
                passedUpSinceReadComplete = true
                context.fireChannelRead(wrapInboundOut(plaintext))
            }
            switch step {
            case .done:
                continue
            case .wantsMoreInput:
                return
            case .closedByPeer:
                // Answer close_notify with ours, as TLS asks, then close.
                connection.close()
                sendSealed(context: context, connection: connection)
                state = .closed
                failHeldWrites(ChannelError.ioOnClosedChannel)
                context.close(promise: nil)
                return
            case .failed(let error):
                fail(context: context, connection: connection, error: error)
                return
            }
        }
    }

    private func seal(_ plaintext: ByteBuffer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let connection else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if let error = connection.write(plaintext) {
            promise?.fail(error)
            fail(context: context, connection: connection, error: error)
            return
        }
        guard let promise else { return }
        if let sealedPromise {
            sealedPromise.futureResult.cascade(to: promise)
        } else {
            sealedPromise = promise
        }
    }

    /// Writes and flushes the records sealed since the last time, if any.
    private func sendSealed(context: ChannelHandlerContext, connection: BoringSSL.Connection) {
        let promise = sealedPromise
        sealedPromise = nil
        if let ciphertext = connection.takeCiphertext() {
            context.writeAndFlush(wrapOutboundOut(ciphertext), promise: promise)
        } else {
            promise?.succeed(())
        }
    }

    /// Sends the alert BoringSSL queued, reports `error` and closes.
    private func fail(context: ChannelHandlerContext, connection: BoringSSL.Connection, error: ServerTLSError) {
        sendSealed(context: context, connection: connection)
        state = .closed
        failHeldWrites(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failHeldWrites(_ error: any Error) {
        let writes = heldWrites
        heldWrites = []
        for (_, promise) in writes { promise?.fail(error) }
        let sealed = sealedPromise
        sealedPromise = nil
        sealed?.fail(error)
    }
}

@available(*, unavailable)
extension ServerTLSHandler: Sendable {}
