import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TMTP
import TMTPTransport
import Testing

/// A raw TLS client for driving the server byte by byte: typed sends, raw sends, and every server
/// message kept in order (with its data) until a test asks for it.
public final class TestPeer: Sendable {
    public struct Closed: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "the server closed the link" }
    }

    public struct Timeout: Error, CustomStringConvertible {
        public var waitingFor: String
        public var description: String { "no message (\(waitingFor)) within the test's patience" }
    }

    public let channel: Channel
    private let inbox: Inbox

    /// How long a test waits for an expected message before failing (a hang guard, not a measure).
    public static let patience: TimeAmount = .seconds(20)

    private init(channel: Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    public static func connect(port: Int, reading: Bool = true) async throws -> TestPeer {
        let inbox = Inbox()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let context = try NIOSSLContext(configuration: tls)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: reading)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: nil))
                    try channel.pipeline.syncOperations.addHandler(PeerHandler(inbox: inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestPeer(channel: channel, inbox: inbox)
    }

    /// The fingerprint of the certificate the site presented in this link's handshake (`nil` until the handshake
    /// finished: ask after a reply arrived).
    public func siteFingerprint() async throws -> CertificateFingerprint? {
        guard let certificate = try await channel.nioSSL_peerCertificate().get() else { return nil }
        return CertificateFingerprint(der: try certificate.toDERBytes())
    }

    // MARK: Sending

    public func send(_ message: ClientMessage, data: [UInt8] = []) async throws {
        try await sendRaw(try message.frame() + data)
    }

    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    public func sendRaw(_ text: String) async throws {
        try await sendRaw(Array(text.utf8))
    }

    /// A frame with a hand-written header, for inputs the typed messages cannot express.
    public func sendHeader(_ json: String, data: [UInt8] = []) async throws {
        try await sendRaw(FrameEncoder.frame(header: Array(json.utf8)) + data)
    }

    public func close() async {
        try? await channel.close()
    }

    // MARK: Receiving

    /// The next message, in arrival order.
    public func next(_ what: String = "any") async throws -> ServerFrame {
        try await inbox.next(matching: { _ in true }, what: what, eventLoop: channel.eventLoop)
    }

    /// The first message (in arrival order) that matches; others stay queued.
    public func next(where predicate: @escaping @Sendable (ServerFrame) -> Bool, _ what: String) async throws
        -> ServerFrame
    {
        try await inbox.next(matching: predicate, what: what, eventLoop: channel.eventLoop)
    }

    /// The next message with this op; others stay queued.
    public func next(op: String) async throws -> ServerFrame {
        try await next(where: { $0.header.op == op }, op)
    }

    /// The next stored message with this op, acked at once.
    public func receive(_ op: String) async throws -> ServerFrame {
        let frame = try await next(op: op)
        try await ackStored(frame)
        return frame
    }

    /// The `ack` reply to client op `id`.
    public func reply(to id: String) async throws -> ServerMessage.Ack {
        let frame = try await next(
            where: {
                if case .ack(let ack) = $0.header { return ack.id == id }
                return false
            }, "ack \(id)")
        guard case .ack(let ack) = frame.header else { throw Closed() }
        return ack
    }

    public func ackStored(_ frame: ServerFrame) async throws {
        guard let std = frame.header.std else { return }
        try await send(.ack(.init(id: std.id)))
    }

    /// Waits for the server to close the link; returns everything received and not yet taken.
    public func closedMessages() async throws -> [ServerFrame] {
        try await inbox.waitClosed(eventLoop: channel.eventLoop)
    }

    /// Messages received and not yet taken, without waiting.
    public var pending: [ServerFrame] { inbox.pending }

    public var isClosed: Bool { inbox.isClosed }

    /// Reads at most this many more bytes from the socket (for peers made with `reading: false`).
    public func readOnce() {
        channel.read()
    }
}

/// A server message with its data.
public struct ServerFrame: Sendable, CustomStringConvertible {
    public var header: ServerMessage
    public var json: String
    public var data: [UInt8]

    public var text: String { String(decoding: data, as: UTF8.self) }
    public var description: String { json + (data.isEmpty ? "" : " +\(data.count)B") }
}

/// Messages received on a peer, with waiters.
private final class Inbox: Sendable {
    private struct Waiter {
        var matches: @Sendable (ServerFrame) -> Bool
        var continuation: CheckedContinuation<ServerFrame?, Never>
        var id: Int
    }

    private struct State {
        var frames: [ServerFrame] = []
        var closed = false
        var waiters: [Waiter] = []
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        var nextID = 0
    }

    private let state = NIOLockedValueBox(State())

    var pending: [ServerFrame] { state.withLockedValue { $0.frames } }
    var isClosed: Bool { state.withLockedValue { $0.closed } }

    func push(_ frame: ServerFrame) {
        let resume = state.withLockedValue { state -> (CheckedContinuation<ServerFrame?, Never>, ServerFrame)? in
            if let index = state.waiters.firstIndex(where: { $0.matches(frame) }) {
                return (state.waiters.remove(at: index).continuation, frame)
            }
            state.frames.append(frame)
            return nil
        }
        if let (continuation, frame) = resume { continuation.resume(returning: frame) }
    }

    func close() {
        let (waiters, closeWaiters) = state.withLockedValue { state in
            state.closed = true
            defer {
                state.waiters = []
                state.closeWaiters = []
            }
            return (state.waiters, state.closeWaiters)
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        for waiter in closeWaiters { waiter.resume() }
    }

    func next(matching: @escaping @Sendable (ServerFrame) -> Bool, what: String, eventLoop: any EventLoop)
        async throws -> ServerFrame
    {
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = eventLoop.scheduleTask(in: TestPeer.patience) { self.expire(id) }
        defer { timer.cancel() }
        let frame: ServerFrame? = await withCheckedContinuation { continuation in
            let immediate = state.withLockedValue { state -> ServerFrame?? in
                if let index = state.frames.firstIndex(where: matching) { return .some(state.frames.remove(at: index)) }
                if state.closed { return .some(nil) }
                state.waiters.append(Waiter(matches: matching, continuation: continuation, id: id))
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        guard let frame else {
            if isExpired(id) { throw TestPeer.Timeout(waitingFor: what) }
            throw TestPeer.Closed()
        }
        return frame
    }

    private let expired = NIOLockedValueBox<Set<Int>>([])

    private func isExpired(_ id: Int) -> Bool { expired.withLockedValue { $0.contains(id) } }

    private func expire(_ id: Int) {
        expired.withLockedValue { _ = $0.insert(id) }
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }

    func waitClosed(eventLoop: any EventLoop) async throws -> [ServerFrame] {
        let timedOut = NIOLockedValueBox(false)
        let timer = eventLoop.scheduleTask(in: TestPeer.patience) {
            timedOut.withLockedValue { $0 = true }
            let waiters = self.state.withLockedValue { state in
                defer { state.closeWaiters = [] }
                return state.closeWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
        defer { timer.cancel() }
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state -> Bool in
                if state.closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        if timedOut.withLockedValue({ $0 }) && !isClosed { throw TestPeer.Timeout(waitingFor: "close") }
        return state.withLockedValue { state in
            defer { state.frames = [] }
            return state.frames
        }
    }
}

/// Decodes server frames off the wire into the inbox.
private final class PeerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: Inbox
    private var decoder = FrameDecoder<ServerMessage>()
    private var header: ServerMessage?
    private var json = ""
    private var data: [UInt8] = []
    private var raw: [UInt8] = []

    init(inbox: Inbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = Array(buffer.readableBytesView)
        raw.append(contentsOf: bytes)
        decoder.append(bytes)
        do {
            while let event = try decoder.next() {
                switch event {
                case .head(let message):
                    header = message
                    self.data = []
                    json = Self.takeHeaderJSON(&raw)
                case .body(let chunk):
                    self.data.append(contentsOf: chunk)
                    raw.removeFirst(min(raw.count, chunk.count))
                case .end:
                    if let header { inbox.push(ServerFrame(header: header, json: json, data: self.data)) }
                    header = nil
                }
            }
        } catch {
            Issue.record("server sent an undecodable frame: \(error)")
            context.close(promise: nil)
        }
    }

    /// Splits `hhhh` + header off the raw bytes (kept to show and check the exact header JSON).
    private static func takeHeaderJSON(_ raw: inout [UInt8]) -> String {
        guard raw.count >= 4, let length = Int(String(decoding: raw[0..<4], as: UTF8.self), radix: 16),
            raw.count >= 4 + length
        else { return "" }
        let json = String(decoding: raw[4..<(4 + length)], as: UTF8.self)
        raw.removeFirst(4 + length)
        return json
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension PeerHandler: Sendable {}
