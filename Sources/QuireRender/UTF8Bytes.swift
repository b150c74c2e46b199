/// Byte-level access to a string's UTF-8, for the scans that look at every input byte.
///
/// Iterating `String.UTF8View` costs an index check per byte; a native Swift string is stored
/// as contiguous UTF-8, so these scans read its buffer directly (copying only a bridged string).
enum UTF8Bytes {
    /// Calls `body` with the UTF-8 bytes of `text`.
    static func with<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the UTF-8 bytes of `text`.
    static func with<Result>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether `text` contains `byte`.
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        with(text) { $0.contains(byte) }
    }

    /// Number of bytes in the UTF-8 sequence that `lead` starts.
    static func sequenceLength(lead: UInt8) -> Int {
        lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The scalar value of the multi-byte sequence starting at `index` (valid UTF-8 assumed, as
    /// Swift strings are; a sequence cut by the end of the buffer decodes what is there).
    @inline(__always)
    static func scalarValue(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead >= 0xE0 && lead < 0xF0 && index + 2 < bytes.count {
            let value =
                (UInt32(lead) & 0x0F) << 12 | (UInt32(bytes[index + 1]) & 0x3F) << 6
                | UInt32(bytes[index + 2]) & 0x3F
            return (value, 3)
        }
        let length = sequenceLength(lead: lead)
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        var offset = 1
        while offset < length, index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            offset += 1
        }
        return (value, offset)
    }

    /// Whether all eight bytes of `word` are printable ASCII (0x20-0x7E), tested at once.
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        if word & high != 0 { return false }
        // A byte below 0x20 borrows into its high bit (exact for values up to 0x80).
        if (word &- ones &* 0x20) & ~word & high != 0 { return false }
        // A 0x7F byte is zero after the XOR.
        let deleted = word ^ (ones &* 0x7F)
        return (deleted &- ones) & ~deleted & high == 0
    }
}
