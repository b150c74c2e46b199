/// `headsum`: CRC-32C over the 4-hex length prefix plus the Go-marshalled header without
/// `headsum` (PROTOCOL.md section 3). Set by the server on stored ("std") messages only.
public enum Headsum {
    /// The checksum of a header already marshalled the Go way, without `headsum`.
    public static func compute(headerJSON json: [UInt8]) -> UInt32 {
        var prefix: [UInt8] = []
        prefix.reserveCapacity(4)
        FrameEncoder.appendLengthPrefix(json.count, to: &prefix)
        return CRC32C.checksum(json, seed: CRC32C.checksum(prefix))
    }

    /// Verifies a received header as the protocol describes: delete `headsum`, re-marshal the Go
    /// way, compare. Works for headers with keys this library does not know.
    public static func verify(headerJSON json: some Collection<UInt8>) -> Bool {
        guard case .object(let members) = (try? JSONValue.parse(json)) ?? .null,
            let claimed = members.last(where: { $0.key == "headsum" }),
            case .number(let literal) = claimed.value, let expected = UInt32(literal)
        else { return false }
        let rest = JSONValue.object(members.filter { $0.key != "headsum" })
        return compute(headerJSON: GoJSON.encode(rest)) == expected
    }
}
