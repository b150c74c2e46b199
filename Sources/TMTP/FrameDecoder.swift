/// Incremental TMTP frame decoder: `hhhh` + JSON header + `datalen` bytes of data.
///
/// Feed bytes as they arrive with `append`, then call `next()` until it returns nil. Input may be
/// split at any byte. Data is handed on in chunks of at most `maxDataChunk` bytes as soon as it is
/// available, so a frame with gigabytes of data never has to fit in memory. The decoder itself
/// never needs more than `4 + 65535` buffered bytes to make progress.
///
/// Like the reference server, the length prefix is not judged until 12 bytes (the shortest
/// possible frame) are buffered, and a bad hex prefix counts as length 0.
public struct FrameDecoder<Header: FrameHeader>: Sendable {
    /// The largest header length the 4-hex prefix can express.
    public static var maxHeaderLength: Int { 0xFFFF }

    /// The smallest header length the reference server accepts: `{"op":1}`.
    public static var minHeaderLength: Int { 8 }

    private enum State: Sendable {
        case header
        case data(remaining: Int64)
        case finishing
        case failed(QuitReason)
    }

    private let maxDataChunk: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var state = State.header

    public init(maxDataChunk: Int = 65536) {
        self.maxDataChunk = max(1, maxDataChunk)
    }

    /// Bytes received but not yet handed out.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between a `.head` and its `.end`.
    public var isInsideFrame: Bool {
        switch state {
        case .data, .finishing: return true
        case .header, .failed: return false
        }
    }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next event, or nil when more input is needed. After a throw the decoder stays failed.
    public mutating func next() throws(QuitReason) -> FrameEvent<Header>? {
        switch state {
        case .failed(let reason):
            throw reason
        case .finishing:
            state = .header
            return .end
        case .data(let remaining):
            let available = buffer.count - readIndex
            guard available > 0 else { return nil }
            let take = Int(min(Int64(min(available, maxDataChunk)), remaining))
            let chunk = buffer[readIndex..<(readIndex + take)]
            readIndex += take
            let left = remaining - Int64(take)
            state = left == 0 ? .finishing : .data(remaining: left)
            return .body(chunk)
        case .header:
            return try nextHeader()
        }
    }

    private mutating func nextHeader() throws(QuitReason) -> FrameEvent<Header>? {
        let available = buffer.count - readIndex
        guard available >= 4 + Self.minHeaderLength else { return nil }
        let length = Self.headerLength(buffer[readIndex..<(readIndex + 4)])
        guard length >= Self.minHeaderLength else {
            state = .failed(.invalidHeaderLength)
            throw .invalidHeaderLength
        }
        guard available >= 4 + length else { return nil }
        let jsonStart = readIndex + 4
        let header: Header
        do {
            header = try Header.decode(json: buffer[jsonStart..<(jsonStart + length)])
        } catch {
            state = .failed(error)
            throw error
        }
        guard header.dataLength >= 0 else {
            state = .failed(.invalidHeader)
            throw .invalidHeader
        }
        readIndex = jsonStart + length
        state = header.dataLength == 0 ? .finishing : .data(remaining: header.dataLength)
        return .head(header)
    }

    /// Go's `strconv.ParseUint(s, 16, 0)` with the error ignored: any non-hex digit gives 0.
    static func headerLength(_ prefix: ArraySlice<UInt8>) -> Int {
        var value = 0
        for byte in prefix {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return 0
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Gives back a large buffer once everything in it was handed out, so a link that went idle after
    /// a big frame does not keep that frame's capacity. Call it after draining `next()`.
    public mutating func releaseSpareCapacity() {
        guard readIndex == buffer.count, buffer.capacity > Self.retainedCapacity else { return }
        buffer = []
        readIndex = 0
    }

    /// Capacity kept between frames: small frames then need no allocation.
    static var retainedCapacity: Int { 4096 }

    /// Drops consumed bytes so the buffer does not grow with the stream.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
