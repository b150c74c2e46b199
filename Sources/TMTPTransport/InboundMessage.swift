import TMTP

/// A whole server message with its data, as a client link gathers it (``InboundFrame`` is one step of it).
public struct InboundMessage: Sendable, Equatable {
    public var header: ServerMessage
    public var data: [UInt8]

    public init(header: ServerMessage, data: [UInt8]) {
        self.header = header
        self.data = data
    }
}
