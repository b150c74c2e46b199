/// Go's `json.Marshal` output form, which `headsum` is computed over.
///
/// Objects are written as Go writes a map: keys sorted bytewise, no spaces. Strings are escaped
/// the Go way: `"` and `\`, `\n` `\r` `\t`, other control characters as `\u00XX`, `<` `>` `&`
/// as `\u003c` `\u003e` `\u0026`, U+2028 and U+2029 as `\u2028` `\u2029`; all other
/// non-ASCII text is written as raw UTF-8.
public enum GoJSON {
    /// Serialises a value; object members are sorted by key (a later duplicate key replaces an
    /// earlier one, as when Go unmarshals into a map).
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal):
            out.append(contentsOf: literal.utf8)
        case .string(let text):
            appendString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            var latest: [String: JSONValue] = [:]
            for member in members { latest[member.key] = member.value }
            let keys = latest.keys.sorted(by: bytewiseLess)
            out.append(UInt8(ascii: "{"))
            for (position, key) in keys.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if let member = latest[key] { append(member, to: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A quoted string, escaped as Go's encoder does with HTML escaping on (the default).
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                var escape: EscapeKind?
                var length = 1
                if byte < 0x80 {
                    if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                        || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
                    {
                        escape = .ascii(byte)
                    }
                } else if byte == 0xE2, index + 2 < count, utf8[index + 1] == 0x80,
                    utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9
                {
                    escape = .lineOrParagraphSeparator(utf8[index + 2])
                    length = 3
                }
                guard let escape else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch escape {
                case .ascii(let character):
                    appendEscaped(character, to: &out)
                case .lineOrParagraphSeparator(let last):
                    out.append(contentsOf: last == 0xA8 ? Array("\\u2028".utf8) : Array("\\u2029".utf8))
                }
                index += length
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private enum EscapeKind {
        case ascii(UInt8)
        case lineOrParagraphSeparator(UInt8)
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            out.append(contentsOf: "u00".utf8)
            out.append(FrameEncoder.hexDigit(byte >> 4))
            out.append(FrameEncoder.hexDigit(byte & 0xF))
        }
    }

    /// Appends a decimal integer (Go's `strconv.FormatInt`/`FormatUint`).
    public static func appendInteger(_ value: some BinaryInteger, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }
}

extension GoJSON {
    /// Writes an object whose keys are unique, sorted bytewise as Go sorts map keys.
    public static func encodeObject(_ members: [JSONValue.Member]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(members.count * 24 + 2)
        appendObject(members, to: &out)
        return out
    }

    public static func appendObject(_ members: [JSONValue.Member], to out: inout [UInt8]) {
        appendSortedObject(sortedByKey(members), to: &out)
    }

    /// Members in Go's map key order. Keys are compared by their first 8 bytes packed into an
    /// integer (enough for every TMTP key), falling back to a full bytewise compare on ties.
    static func sortedByKey(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        guard members.count > 1 else { return members }
        var keyed = members.map { (prefix: keyPrefix($0.key), member: $0) }
        keyed.sort { lhs, rhs in
            lhs.prefix != rhs.prefix ? lhs.prefix < rhs.prefix : bytewiseLess(lhs.member.key, rhs.member.key)
        }
        return keyed.map(\.member)
    }

    /// The first 8 UTF-8 bytes, big-endian, zero-padded: orders like the bytes themselves.
    static func keyPrefix(_ key: String) -> UInt64 {
        var value: UInt64 = 0
        var count = 0
        for byte in key.utf8 {
            value = value << 8 | UInt64(byte)
            count += 1
            if count == 8 { return value }
        }
        return value << (8 * UInt64(8 - count))
    }

    /// Writes members already sorted by key; returns the byte offset of each member
    /// (of its separating comma for all but the first), and of the closing brace last.
    @discardableResult
    static func appendSortedObject(_ sorted: [JSONValue.Member], to out: inout [UInt8]) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(sorted.count + 1)
        out.append(UInt8(ascii: "{"))
        for (position, member) in sorted.enumerated() {
            offsets.append(out.count)
            if position > 0 { out.append(UInt8(ascii: ",")) }
            appendString(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            append(member.value, to: &out)
        }
        offsets.append(out.count)
        out.append(UInt8(ascii: "}"))
        return offsets
    }

    /// Go's map key order: bytewise on UTF-8 (`strings.Compare`).
    static func bytewiseLess(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                let shared = min(a.count, b.count)
                var index = 0
                while index < shared {
                    if a[index] != b[index] { return a[index] < b[index] }
                    index += 1
                }
                return a.count < b.count
            }
        }
    }
}
