/// Writes client headers: compact, keys in the order given, all text as ASCII (`\uXXXX` for
/// anything else, as the reference test clients send it), so every byte survives any transport.
struct ClientJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(op: UInt8) {
        bytes.reserveCapacity(96)
        bytes.append(contentsOf: "{\"op\":".utf8)
        GoJSON.appendInteger(op, to: &bytes)
        needsComma = true
    }

    private mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: "\":".utf8)
        needsComma = true
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        Self.appendASCIIString(value, to: &bytes)
    }

    /// Writes the field only for a non-empty value (Go treats "" as absent).
    mutating func optionalField(_ name: StaticString, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        field(name, value)
    }

    mutating func field(_ name: StaticString, _ value: some BinaryInteger) {
        key(name)
        GoJSON.appendInteger(value, to: &bytes)
    }

    /// Writes the field only when non-zero (Go treats 0 as absent).
    mutating func nonZeroField(_ name: StaticString, _ value: some BinaryInteger) {
        guard value != 0 else { return }
        field(name, value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ name: StaticString, _ recipients: [Addressee]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (position, recipient) in recipients.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: "{\"id\":".utf8)
            Self.appendASCIIString(recipient.id, to: &bytes)
            if recipient.type != 0 {
                bytes.append(contentsOf: ",\"type\":".utf8)
                GoJSON.appendInteger(recipient.type, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ name: StaticString, _ token: OIDCToken) {
        key(name)
        token.append(to: &self)
    }

    mutating func beginNestedObject() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func appendASCIIString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for unit in text.utf16 {
            switch unit {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x20..<0x7F: out.append(UInt8(unit))
            default:
                out.append(contentsOf: "\\u".utf8)
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(FrameEncoder.hexDigit(UInt8((unit >> UInt16(shift)) & 0xF)))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
