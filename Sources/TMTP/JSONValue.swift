/// A parsed JSON value. Objects keep their members in text order (duplicates included) and numbers
/// keep their literal text, so nothing is lost before a Go-style re-serialisation.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `"4162817592"` or `"-1.5e3"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Nesting deeper than this is refused (the parser recurses; Go allows 10000).
    public static let maxDepth = 512

    /// Parses one JSON text with Go's syntax and string rules.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(UnsafeRawBufferPointer(buffer))
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { parse($0) }.get()
    }

    private static func parse(_ raw: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        var reader = JSONReader(raw)
        do throws(JSONParseError) {
            let value = try parseValue(&reader, depth: 0)
            try reader.finish()
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private static func parseValue(_ reader: inout JSONReader, depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < maxDepth else { throw reader.error("exceeded max depth") }
        switch try reader.peek() {
        case UInt8(ascii: "{"):
            _ = try reader.beginObject()
            var members: [Member] = []
            var first = true
            while let key = try reader.nextKey(first: &first) {
                let name: String
                switch key {
                case .raw(let slice): name = GoUTF8.string(UnsafeRawBufferPointer(rebasing: slice))
                case .decoded(let text): name = text
                }
                members.append(Member(name, try parseValue(&reader, depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            _ = try reader.beginArray()
            var elements: [JSONValue] = []
            var first = true
            while try reader.nextElement(first: &first) {
                elements.append(try parseValue(&reader, depth: depth + 1))
            }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try reader.readQuoted())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try reader.readBool() ?? false)
        case UInt8(ascii: "n"):
            _ = try reader.consumeNull()
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try reader.readNumberLiteral())
        default:
            throw reader.error("invalid character looking for beginning of value")
        }
    }

    /// The value of the last member named `key` (Go's "last duplicate wins"), exact match only.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }
}
