/// UTF-8 the way Go's `unicode/utf8` sees it: validation, one U+FFFD per bad byte, UTF-16 length.
enum GoUTF8 {
    /// Decodes one scalar at `index`; nil when the bytes there are not valid UTF-8
    /// (overlong forms, surrogates and values above U+10FFFF included).
    static func decodeScalar(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (scalar: UInt32, length: Int)? {
        let count = bytes.count
        let b0 = bytes[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        func continuation(_ offset: Int, low: UInt8 = 0x80, high: UInt8 = 0xBF) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            guard byte >= low && byte <= high else { return nil }
            return UInt32(byte & 0x3F)
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = continuation(1) else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard let c1 = continuation(1, low: low, high: high), let c2 = continuation(2) else { return nil }
            return (UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2, 3)
        case 0xF0...0xF4:
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard let c1 = continuation(1, low: low, high: high), let c2 = continuation(2), let c3 = continuation(3)
            else { return nil }
            return (UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        default:
            return nil
        }
    }

    /// Go's `utf8.Valid`.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            guard let (_, length) = decodeScalar(bytes, at: index) else { return false }
            index += length
        }
        return true
    }

    /// UTF-16 code units of valid UTF-8, or nil when it is not valid.
    static func utf16Count(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        var units = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                units += 1
                continue
            }
            guard let (scalar, length) = decodeScalar(bytes, at: index) else { return nil }
            index += length
            units += scalar > 0xFFFF ? 2 : 1
        }
        return units
    }

    /// A String from bytes, replacing each byte that does not start a valid sequence with
    /// U+FFFD, as Go does when it unquotes a JSON string (Swift would merge some of them).
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        if isValid(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var repaired: [UInt8] = []
        repaired.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            if let (_, length) = decodeScalar(bytes, at: index) {
                repaired.append(contentsOf: bytes[index..<(index + length)])
                index += length
            } else {
                repaired.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            }
        }
        return String(decoding: repaired, as: UTF8.self)
    }

    /// Appends the UTF-8 encoding of a scalar value.
    static func append(scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
