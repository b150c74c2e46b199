/// The data rules of Ping and GroupInvite: at most 420 bytes, valid UTF-8, at most 140 UTF-16
/// code units (140 × "€" is exactly 420 bytes and is accepted).
public enum PingText {
    /// `kPingCharMax * 3`.
    public static let maxBytes: Int64 = 420
    public static let maxUTF16Units = 140

    /// Check `datalen` before reading any data, so no buffer ever holds more than 420 bytes.
    public static func checkLength(_ dataLength: Int64) throws(QuitReason) {
        guard dataLength <= maxBytes else { throw .dataTooLong }
    }

    /// `.dataTooLong` over 420 bytes, `.dataNotUTF8`, then `.dataTooLong` over 140 UTF-16 units.
    public static func validate(_ data: some Collection<UInt8>) throws(QuitReason) {
        try checkLength(Int64(data.count))
        let units: Int? =
            data.withContiguousStorageIfAvailable { GoUTF8.utf16Count(UnsafeRawBufferPointer($0)) }
            ?? Array(data).withUnsafeBytes { GoUTF8.utf16Count($0) }
        guard let units else { throw .dataNotUTF8 }
        guard units <= maxUTF16Units else { throw .dataTooLong }
    }
}
