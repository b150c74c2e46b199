import NIOCore
import TMTP

/// Writes frames: the 4-hex length, the JSON header, then exactly `datalen` bytes of data.
public final class FrameEncoderHandler: ChannelOutboundHandler {
    public typealias OutboundIn = OutboundFrame
    public typealias OutboundOut = ByteBuffer

    /// Data bytes the current frame still owes; a new header is refused until they are written.
    private var owed: Int64 = 0

    public init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        do {
            switch unwrapOutboundIn(data) {
            case .frame(let header, let body):
                try checkNoDataOwed()
                var buffer = context.channel.allocator.buffer(capacity: header.count + 4 + (body?.readableBytes ?? 0))
                buffer.writeBytes(try FrameEncoder.frame(header: header))
                if var body { buffer.writeBuffer(&body) }
                context.write(wrapOutboundOut(buffer), promise: promise)
            case .head(let header, let dataLength):
                try checkNoDataOwed()
                guard dataLength >= 0 else { throw FrameWriteError.negativeDataLength }
                owed = dataLength
                let framed = try FrameEncoder.frame(header: header)
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: framed)), promise: promise)
            case .body(let body):
                guard Int64(body.readableBytes) <= owed else { throw FrameWriteError.bodyLongerThanAnnounced }
                owed -= Int64(body.readableBytes)
                context.write(wrapOutboundOut(body), promise: promise)
            }
        } catch {
            promise?.fail(error)
        }
    }

    private func checkNoDataOwed() throws {
        guard owed == 0 else { throw FrameWriteError.bodyShorterThanAnnounced(missing: owed) }
    }
}

@available(*, unavailable)
extension FrameEncoderHandler: Sendable {}

/// A frame the encoder refused to write because it would put the peer out of step.
public enum FrameWriteError: Error, Sendable, Equatable {
    case negativeDataLength
    case bodyLongerThanAnnounced
    case bodyShorterThanAnnounced(missing: Int64)
}
