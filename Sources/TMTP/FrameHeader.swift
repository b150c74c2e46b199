/// A typed frame header that the frame decoder can produce.
public protocol FrameHeader: Sendable {
    /// Decodes the JSON header of one frame; throws `.invalidHeader` for bad JSON or a failed check.
    static func decode(json: ArraySlice<UInt8>) throws(QuitReason) -> Self

    /// How many data bytes follow the header (`datalen`); never negative for a decoded header.
    var dataLength: Int64 { get }
}

/// One step of a decoded frame: the header, its data in chunks as they arrive, then the end.
public enum FrameEvent<Header: FrameHeader>: Sendable {
    case head(Header)
    case body(ArraySlice<UInt8>)
    case end
}

extension FrameEvent: Equatable where Header: Equatable {}
