/// A server message id: `fmt.Sprintf("%016x", n)`, 16 lowercase hex digits.
public struct MessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    /// Parses exactly 16 lowercase hex digits.
    public init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        guard utf8.count == 16 else { return nil }
        var value: UInt64 = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        self.value = value
    }

    public var description: String {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        for position in 0..<16 {
            out[15 - position] = FrameEncoder.hexDigit(UInt8((value >> UInt64(4 * position)) & 0xF))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.value < rhs.value }
}
