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
    static func scalarValue(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        let length = sequenceLength(lead: lead)
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        var offset = 1
        while offset < length, index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            offset += 1
        }
        return (value, offset)
    }
}
