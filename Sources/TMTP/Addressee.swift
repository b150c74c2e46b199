/// One entry of `for` / `notefor`: a uid or gid and how to expand it (Go `tHeaderFor`).
public struct Addressee: Sendable, Hashable {
    /// `type` values of a recipient; 4 (self) is internal to the server and refused on the wire.
    public enum Kind: Int8, Sendable {
        case user = 1
        case groupIncludingSelf = 2
        case groupExcludingSelf = 3
    }

    public var id: String
    /// The raw `type` (Go `int8`); OhiEdit entries leave it 0.
    public var type: Int8

    public init(id: String, type: Int8) {
        self.id = id
        self.type = type
    }

    public init(id: String, kind: Kind) {
        self.init(id: id, type: kind.rawValue)
    }

    public var kind: Kind? { Kind(rawValue: type) }

    static func decode(into entry: inout Addressee, from reader: inout JSONReader) throws(JSONParseError) {
        guard try reader.beginObject() else { return }
        var first = true
        while let key = try reader.nextKey(first: &first) {
            switch key.folded {
            case "id": if let value = try reader.readString() { entry.id = value }
            case "type": if let value = try reader.readInteger(Int8.self) { entry.type = value }
            default: try reader.skipValue()
            }
        }
    }

    /// Go's decoding of a JSON array into an existing `[]tHeaderFor`: elements already in the
    /// backing store are decoded into (merged), `[]` gives an empty non-nil list, `null` gives nil.
    static func decodeList(into list: inout AddresseeList, from reader: inout JSONReader) throws(JSONParseError) {
        guard try reader.beginArray() else {
            list = AddresseeList()
            return
        }
        var count = 0
        var first = true
        while try reader.nextElement(first: &first) {
            if count == list.storage.count { list.storage.append(Addressee(id: "", type: 0)) }
            try decode(into: &list.storage[count], from: &reader)
            count += 1
        }
        if count == 0 { list.storage = [] }
        list.count = count
        list.isPresent = true
    }
}

/// A Go slice as the decoder leaves it: nil or not, with its backing store.
struct AddresseeList {
    var storage: [Addressee] = []
    var count = 0
    var isPresent = false

    var entries: [Addressee]? { isPresent ? Array(storage.prefix(count)) : nil }
}
