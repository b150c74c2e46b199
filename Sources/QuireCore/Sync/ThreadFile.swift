import Foundation
import TMTP

/// The reference client's thread file, which it also sends as the post part of a PostNotify
/// (a forwarded thread):
///
///     repeat per message:  hhhh{tMsgHead JSON}\n<body: Size bytes>\n
///     then:                [index JSON][cc JSON]%08x%08x        (len(index), len(cc))
///
/// `hhhh` is the head's length in 4 hex digits. Attachment bytes are never in the file. The
/// head gives the body's length as `Size`, as the reference writes it; files from earlier
/// versions of quire give it as `Len`, which is still read.
public struct ThreadFile: Sendable, Hashable {
    /// One message record (`tMsgHead` and body).
    public struct Message: Sendable, Hashable {
        public var id: String
        public var fromUID: String
        public var posted: String
        /// The message's sub-header: alias, thread id, subject, attachment list.
        public var subHead: PostDatahead
        public var body: String
        /// The record's length and CRC-32C as the file's index gave them, when it was read from a
        /// file: what the author's confirmation is compared with.
        public var record: RecordSum?

        public init(
            id: String, fromUID: String, posted: String, subHead: PostDatahead, body: String, record: RecordSum? = nil
        ) {
            self.id = id
            self.fromUID = fromUID
            self.posted = posted
            self.subHead = subHead
            self.body = body
            self.record = record
        }
    }

    /// A message record's length (with its final newline, as the index counts it) and CRC-32C
    /// (without it): the reference client vouches for a forwarded copy by these two.
    public struct RecordSum: Sendable, Hashable {
        public var size: Int64
        public var checksum: UInt32

        public init(size: Int64, checksum: UInt32) {
            self.size = size
            self.checksum = checksum
        }
    }

    /// A message's record, `hhhh{tMsgHead}\n<body>`, without the final newline.
    public static func record(_ message: Message) throws(ThreadFileError) -> [UInt8] {
        let body = Array(message.body.utf8)
        let head =
            "{\"Id\":\(Self.quoted(message.id)),\"Size\":\(body.count),\"Posted\":\(Self.quoted(message.posted)),"
            + "\"From\":\(Self.quoted(message.fromUID)),\"SubHead\":"
            + String(decoding: message.subHead.encoded(), as: UTF8.self) + "}"
        let headBytes = Array(head.utf8)
        guard headBytes.count <= 0xFFFF else { throw .headTooLong(message.id) }
        return Array(String(format: "%04x", headBytes.count).utf8) + headBytes + [0x0A] + body
    }

    /// The length and checksum a message's record has in a thread file.
    public static func sum(_ message: Message) throws(ThreadFileError) -> RecordSum {
        let bytes = try record(message)
        return RecordSum(size: Int64(bytes.count + 1), checksum: CRC32C.checksum(bytes))
    }

    public var messages: [Message]
    /// Everyone on the thread (`tCcEl` list).
    public var cc: [PostDatahead.CcEntry]

    public init(messages: [Message], cc: [PostDatahead.CcEntry]) {
        self.messages = messages
        self.cc = cc
    }

    /// The file's bytes, with every message unseen (as a forward sends them).
    public func encoded() throws(ThreadFileError) -> [UInt8] {
        var out: [UInt8] = []
        var index: [[String: Any]] = []
        for message in messages {
            var record = try Self.record(message)
            let checksum = CRC32C.checksum(record)
            record.append(0x0A)
            index.append([
                "Id": message.id, "From": message.fromUID, "Alias": message.subHead.alias, "Date": message.posted,
                "Subject": message.subHead.subject, "Seen": "", "Offset": out.count, "Size": record.count,
                "Checksum": Int(checksum),
            ])
            out += record
        }
        let ccList: [[String: Any]] = cc.map {
            [
                "Who": $0.who, "By": $0.by, "WhoUid": $0.whoUID, "ByUid": $0.byUID, "Date": $0.date, "Note": $0.note,
                "Subscribe": $0.subscribe,
            ]
        }
        let indexBytes = try Self.json(index)
        let ccBytes = try Self.json(ccList)
        out += indexBytes
        out += ccBytes
        out += Array(String(format: "%08x%08x", indexBytes.count, ccBytes.count).utf8)
        return out
    }

    /// Reads a thread file; a record whose checksum differs from its index entry is refused.
    public init(decoding bytes: some Collection<UInt8>) throws(ThreadFileError) {
        let data = Array(bytes)
        guard data.count >= 16 else { throw .truncated }
        let tail = String(decoding: data[(data.count - 16)...], as: UTF8.self)
        guard let indexLength = Int(tail.prefix(8), radix: 16), let ccLength = Int(tail.suffix(8), radix: 16),
            indexLength + ccLength <= data.count - 16
        else { throw .badTail }
        let indexStart = data.count - 16 - indexLength - ccLength
        let indexEntries = try Self.objects(data[indexStart..<(indexStart + indexLength)])
        let ccEntries = try Self.objects(data[(indexStart + indexLength)..<(data.count - 16)])
        var checksums: [Int: UInt32] = [:]
        for entry in indexEntries {
            if let offset = (entry["offset"] as? NSNumber)?.intValue, offset >= 0,
                let checksum = (entry["checksum"] as? NSNumber)?.uint32Value
            {
                checksums[offset] = checksum
            }
        }
        var messages: [Message] = []
        var offset = 0
        while offset < indexStart {
            guard offset + 4 <= indexStart,
                let headLength = Int(String(decoding: data[offset..<(offset + 4)], as: UTF8.self), radix: 16),
                offset + 4 + headLength + 1 <= indexStart
            else { throw .badMessage(offset) }
            let headEnd = offset + 4 + headLength
            let head = try Self.object(data[(offset + 4)..<headEnd])
            guard data[headEnd] == 0x0A, let id = head["id"] as? String, !id.isEmpty,
                let length = ((head["size"] ?? head["len"]) as? NSNumber)?.intValue, length >= 0,
                headEnd + 1 + length < indexStart,
                data[headEnd + 1 + length] == 0x0A
            else { throw .badMessage(offset) }
            let bodyEnd = headEnd + 1 + length
            let checksum = CRC32C.checksum(data[offset..<bodyEnd])
            if let expected = checksums[offset], checksum != expected {
                throw .checksum(id)
            }
            var subHead = PostDatahead()
            if let fields = head["subhead"] {
                guard JSONSerialization.isValidJSONObject(fields),
                    let json = try? JSONSerialization.data(withJSONObject: fields),
                    let decoded = try? PostDatahead(decoding: json)
                else { throw .badMessage(offset) }
                subHead = decoded
            }
            messages.append(
                Message(
                    id: id, fromUID: head["from"] as? String ?? "", posted: head["posted"] as? String ?? "",
                    subHead: subHead, body: String(decoding: data[(headEnd + 1)..<bodyEnd], as: UTF8.self),
                    record: RecordSum(size: Int64(bodyEnd + 1 - offset), checksum: checksum)))
            offset = bodyEnd + 1
        }
        let cc: [PostDatahead.CcEntry] = ccEntries.compactMap { entry in
            guard let who = entry["who"] as? String, !who.isEmpty else { return nil }
            return PostDatahead.CcEntry(
                who: who, whoUID: entry["whouid"] as? String ?? "", by: entry["by"] as? String ?? "",
                byUID: entry["byuid"] as? String ?? "", date: entry["date"] as? String ?? "",
                note: entry["note"] as? String ?? "", subscribe: entry["subscribe"] as? Bool ?? false)
        }
        self.init(messages: messages, cc: cc)
    }

    private static func quoted(_ text: String) -> String {
        // An array of one string always serialises; its brackets are dropped.
        guard let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        else { return "\"\"" }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    private static func json(_ value: [[String: Any]]) throws(ThreadFileError) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            throw .unencodable
        }
        return [UInt8](data)
    }

    /// A JSON list of objects with lower-cased keys (Go matches keys in any case).
    private static func objects(_ bytes: ArraySlice<UInt8>) throws(ThreadFileError) -> [[String: Any]] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [Any] else { throw .badIndex }
        return list.compactMap { ($0 as? [String: Any]).map(folded) }
    }

    private static func object(_ bytes: ArraySlice<UInt8>) throws(ThreadFileError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw .badMessage(bytes.startIndex)
        }
        return folded(object)
    }

    private static func folded(_ object: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in object { out[key.lowercased()] = value }
        return out
    }
}

/// Why a thread file could not be read or written.
public enum ThreadFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case badTail
    case badIndex
    case badMessage(Int)
    case checksum(String)
    case headTooLong(String)
    case unencodable

    public var description: String {
        switch self {
        case .truncated: "the thread file is shorter than its tail"
        case .badTail: "the thread file's tail does not give valid index and Cc lengths"
        case .badIndex: "the thread file's index or Cc list is not a JSON list"
        case .badMessage(let offset): "the thread file has a malformed message at byte \(offset)"
        case .checksum(let id): "message \(id) does not match its checksum"
        case .headTooLong(let id): "the header of message \(id) is too long for a thread file"
        case .unencodable: "cannot encode the thread index"
        }
    }
}
