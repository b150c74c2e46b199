/// A pull reader over JSON text with the rules of Go's `encoding/json` decoder.
///
/// It lets the header decoders fill their fields in one pass without building a tree:
/// syntax as strict as Go's scanner (including its nesting limit of 10000), strings unquoted as
/// Go does (one U+FFFD per invalid byte or lone surrogate), integers parsed as `strconv.ParseInt`
/// / `ParseUint` would (no fraction, no exponent, no sign on unsigned, range-checked), and
/// object keys folded so they match field names case-insensitively.
struct JSONReader {
    /// Go's `maxNestingDepth`.
    static let maxDepth = 10000

    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Tokens

    func error(_ message: String) -> JSONParseError {
        JSONParseError(offset: index, message: message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it.
    mutating func peek() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard try peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Consumes `null` if it is next.
    mutating func consumeNull() throws(JSONParseError) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw error("invalid literal") }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// Only whitespace may follow the top-level value.
    mutating func finish() throws(JSONParseError) {
        skipWhitespace()
        guard index == bytes.count else { throw error("invalid character after top-level value") }
    }

    // MARK: Containers

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("exceeded max depth") }
    }

    /// Consumes `{`; false (and consumes it) for `null`; throws for any other value.
    mutating func beginObject() throws(JSONParseError) -> Bool {
        try begin(UInt8(ascii: "{"), kind: "an object")
    }

    /// Consumes `open` and enters the container; false (and consumes it) for `null`.
    private mutating func begin(_ open: UInt8, kind: String) throws(JSONParseError) -> Bool {
        switch try peek() {
        case open:
            index += 1
            try enter()
            return true
        case UInt8(ascii: "n"):
            try literal("null")
            return false
        default:
            try skipValue()
            throw error("cannot unmarshal into \(kind)")
        }
    }

    /// The next member's key (raw, unquoted), or nil after the closing `}`.
    mutating func nextKey(first: inout Bool) throws(JSONParseError) -> KeyBytes? {
        let next = try peek()
        if next == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
        }
        first = false
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected string key") }
        let key = try readKey()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Consumes `[`; false (and consumes it) for `null`; throws for any other value.
    mutating func beginArray() throws(JSONParseError) -> Bool {
        try begin(UInt8(ascii: "["), kind: "an array")
    }

    /// True when another element follows; false after the closing `]`.
    mutating func nextElement(first: inout Bool) throws(JSONParseError) -> Bool {
        let next = try peek()
        if next == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            index += 1
        }
        first = false
        return true
    }

    // MARK: Scalars

    /// A string value; nil for `null`.
    mutating func readString() throws(JSONParseError) -> String? {
        switch try peek() {
        case UInt8(ascii: "\""):
            return try readQuoted()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default:
            try skipValue()
            throw error("cannot unmarshal non-string into string")
        }
    }

    /// A `true`/`false` value; nil for `null`.
    mutating func readBool() throws(JSONParseError) -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default:
            try skipValue()
            throw error("cannot unmarshal non-bool into bool")
        }
    }

    /// An integer as Go's decoder stores a JSON number into an integer field; nil for `null`.
    mutating func readInteger<T: FixedWidthInteger>(_ type: T.Type = T.self) throws(JSONParseError) -> T? {
        let first = try peek()
        if first == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        guard first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            try skipValue()
            throw error("cannot unmarshal non-number into integer")
        }
        let start = index
        try skipNumber()
        guard let value = Self.parseInteger(bytes[start..<index], as: T.self) else {
            throw JSONParseError(offset: start, message: "cannot unmarshal number into \(T.self)")
        }
        return value
    }

    /// `strconv.ParseInt`/`ParseUint` base 10 over a valid JSON number literal.
    static func parseInteger<T: FixedWidthInteger>(_ literal: Slice<UnsafeRawBufferPointer>, as: T.Type) -> T? {
        var negative = false
        var position = literal.startIndex
        if literal[position] == UInt8(ascii: "-") {
            guard T.isSigned else { return nil }
            negative = true
            position += 1
        }
        var value: T = 0
        while position < literal.endIndex {
            let byte = literal[position]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = T(byte - UInt8(ascii: "0"))
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { return nil }
            value = next
            position += 1
        }
        return value
    }

    /// The text of a number literal (syntax-checked), for callers that keep numbers verbatim.
    mutating func readNumberLiteral() throws(JSONParseError) -> String {
        _ = try peek()
        let start = index
        try skipNumber()
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipNumber() throws(JSONParseError) {
        func digit(_ i: Int) -> Bool {
            i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { throw error("invalid number fraction") }
            while digit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard digit(index) else { throw error("invalid number exponent") }
            while digit(index) { index += 1 }
        }
    }

    // MARK: Strings

    /// A key, kept as raw bytes when it needs no unescaping (the common case).
    enum KeyBytes {
        case raw(Slice<UnsafeRawBufferPointer>)
        case decoded(String)

        /// Lowercase ASCII field name as Go's folding would match it; nil if it matches no ASCII name.
        var folded: String? {
            switch self {
            case .raw(let slice):
                guard slice.count <= 15 else { return Self.fold(String(decoding: slice, as: UTF8.self)) }
                var asciiOnly = true
                for byte in slice where byte >= 0x80 { asciiOnly = false }
                guard asciiOnly else { return Self.fold(String(decoding: slice, as: UTF8.self)) }
                return String(unsafeUninitializedCapacity: slice.count) { out in
                    var i = 0
                    for byte in slice {
                        out[i] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                        i += 1
                    }
                    return i
                }
            case .decoded(let text):
                return Self.fold(text)
            }
        }

        /// Go folds keys with `unicode.ToUpper(unicode.ToLower(r))`; these four non-ASCII runes
        /// fold onto ASCII letters, every other non-ASCII rune can never match an ASCII name.
        static func fold(_ text: String) -> String? {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x41...0x5A: out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) | 0x20))
                case 0..<0x80: out.unicodeScalars.append(scalar)
                case 0x130, 0x131: out.append("i")
                case 0x17F: out.append("s")
                case 0x212A: out.append("k")
                default: return nil
                }
            }
            return out
        }
    }

    private mutating func readKey() throws(JSONParseError) -> KeyBytes {
        let start = index + 1
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return .raw(bytes[start..<position])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        return .decoded(try readQuoted())
    }

    /// Reads a quoted string at `index` and unquotes it as Go does.
    mutating func readQuoted() throws(JSONParseError) -> String {
        index += 1
        let start = index
        var position = start
        var plainASCII = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                let body = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                return plainASCII ? String(decoding: body, as: UTF8.self) : GoUTF8.string(body)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                index = position
                throw error("invalid character in string literal")
            }
            if byte >= 0x80 { plainASCII = false }
            position += 1
        }
        return try readEscaped(from: start)
    }

    private mutating func readEscaped(from start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var position = start
        while true {
            guard position < bytes.count else {
                index = position
                throw error("unexpected end of string")
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                index = position + 1
                return out.withUnsafeBytes { GoUTF8.string($0) }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else {
                    index = position
                    throw error("unexpected end of string")
                }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4(at: position) else {
                        index = position
                        throw error("invalid \\u escape")
                    }
                    position += 4
                    if scalar >= 0xD800 && scalar < 0xE000 {
                        // Go pairs a high surrogate with an immediately following \u low surrogate;
                        // anything else becomes U+FFFD and the next escape is read on its own.
                        if scalar < 0xDC00, position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u"), let low = hex4(at: position + 2),
                            low >= 0xDC00 && low < 0xE000
                        {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            position += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    GoUTF8.append(scalar: scalar, to: &out)
                default:
                    index = position - 1
                    throw error("invalid escape")
                }
            default:
                guard byte >= 0x20 else {
                    index = position
                    throw error("invalid character in string literal")
                }
                out.append(byte)
                position += 1
            }
        }
    }

    private func hex4(at position: Int) -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: Skipping

    /// Skips one value of any type, checking its syntax; iterative so deep nesting cannot
    /// exhaust the stack.
    mutating func skipValue() throws(JSONParseError) {
        var containers: [Bool] = []  // true: object
        while true {
            switch try peek() {
            case UInt8(ascii: "{"):
                index += 1
                try enter()
                if try peek() == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                } else {
                    containers.append(true)
                    try skipKeyAndColon()
                    continue
                }
            case UInt8(ascii: "["):
                index += 1
                try enter()
                if try peek() == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                } else {
                    containers.append(false)
                    continue
                }
            case UInt8(ascii: "\""):
                _ = try readQuoted()
            case UInt8(ascii: "t"):
                try literal("true")
            case UInt8(ascii: "f"):
                try literal("false")
            case UInt8(ascii: "n"):
                try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try skipNumber()
            default:
                throw error("invalid character looking for beginning of value")
            }
            // After a value: close finished containers, or move to the next member.
            closing: while let isObject = containers.last {
                let next = try peek()
                if next == UInt8(ascii: ",") {
                    index += 1
                    if isObject { try skipKeyAndColon() }
                    break closing
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw error("invalid character after value")
                }
                index += 1
                depth -= 1
                containers.removeLast()
            }
            if containers.isEmpty { return }
        }
    }

    private mutating func skipKeyAndColon() throws(JSONParseError) {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected string key") }
        _ = try readKey()
        try expect(UInt8(ascii: ":"))
    }
}
