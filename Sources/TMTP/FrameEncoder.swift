/// Writes the frame prefix: 4 lowercase hex digits of the header length, then the header.
public enum FrameEncoder {
    /// Thrown when a header does not fit the 4-hex length prefix.
    public struct HeaderTooLong: Error, Sendable, Equatable {
        public let length: Int
    }

    /// `hhhh` + header JSON. Data, if any, follows separately on the wire.
    public static func frame(header json: [UInt8]) throws(HeaderTooLong) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 4)
        try appendFrame(header: json, to: &out)
        return out
    }

    /// `hhhh` + header JSON + data, in one buffer.
    public static func frame(header json: [UInt8], data: some Collection<UInt8>) throws(HeaderTooLong) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 4 + data.count)
        try appendFrame(header: json, to: &out)
        out.append(contentsOf: data)
        return out
    }

    public static func appendFrame(header json: [UInt8], to out: inout [UInt8]) throws(HeaderTooLong) {
        guard json.count <= 0xFFFF else { throw HeaderTooLong(length: json.count) }
        appendLengthPrefix(json.count, to: &out)
        out.append(contentsOf: json)
    }

    static func appendLengthPrefix(_ length: Int, to out: inout [UInt8]) {
        for shift in [12, 8, 4, 0] {
            out.append(hexDigit(UInt8((length >> shift) & 0xF)))
        }
    }

    /// The lowercase hex digit for a value 0...15.
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
