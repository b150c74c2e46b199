import NIOCore
import TMTP

/// Runs the TMTP frame decoder over a byte stream and passes on typed frame steps.
///
/// A framing error is passed on with `fireErrorCaught` as the `QuitReason` the reference server would send; after
/// it the handler drops all further input, since the stream can no longer be trusted to be in step.
public final class FrameDecoderHandler<Header: FrameHeader>: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = InboundFrame<Header>

    private var decoder = FrameDecoder<Header>()
    private var failed = false

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        do {
            while let event = try decoder.next() {
                switch event {
                case .head(let header):
                    context.fireChannelRead(wrapInboundOut(.head(header)))
                case .body(let chunk):
                    context.fireChannelRead(wrapInboundOut(.body(context.channel.allocator.buffer(bytes: chunk))))
                case .end:
                    context.fireChannelRead(wrapInboundOut(.end))
                }
            }
            decoder.releaseSpareCapacity()
        } catch {
            failed = true
            context.fireErrorCaught(error)
        }
    }
}

@available(*, unavailable)
extension FrameDecoderHandler: Sendable {}
