import NIOCore
import TMTP

/// One step of a received frame: its header, then its data in chunks as they arrive, then the end.
///
/// Data is never gathered here: a `delivery` may be gigabytes, and only the consumer knows whether to keep it in
/// memory or stream it to disk.
public enum InboundFrame<Header: FrameHeader>: Sendable {
    case head(Header)
    case body(ByteBuffer)
    case end
}

/// What is written to a link: a whole frame, or a header followed by its data in parts.
///
/// A `.head` whose header announces `datalen` must be followed by `.body` parts adding up to exactly that many
/// bytes before the next `.head`; the codec checks it, so a short body cannot desynchronise the peer.
public enum OutboundFrame: Sendable {
    case frame(header: [UInt8], data: ByteBuffer?)
    case head(header: [UInt8], dataLength: Int64)
    case body(ByteBuffer)
}
