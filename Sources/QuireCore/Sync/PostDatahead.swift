import Foundation

/// The sub-header at the front of a post's data (its first `datahead` bytes), in the
/// reference client's shape: `{"Alias","ThreadId","Subject","Attach":[...],"Cc":[...]}`.
///
/// The reference client is written in Go, whose JSON decoder matches keys case-insensitively and
/// whose encoder writes the field names as declared; we write those names and read any case, so
/// `{"alias","threadid","subject"}` from other clients reads too.
public struct PostDatahead: Sendable, Hashable {
    /// One Cc entry (`tCcEl`): who is on the thread, who added them and when.
    public struct CcEntry: Sendable, Hashable {
        public var who: String
        /// A uid, or for a group the gid again (`WhoUid == Who`).
        public var whoUID: String
        public var by: String
        public var byUID: String
        public var date: String
        public var note: String
        public var subscribe: Bool

        public init(
            who: String, whoUID: String, by: String, byUID: String, date: String, note: String = "",
            subscribe: Bool = true
        ) {
            self.who = who
            self.whoUID = whoUID
            self.by = by
            self.byUID = byUID
            self.date = date
            self.note = note
            self.subscribe = subscribe
        }

        /// A group entry names the gid twice.
        public var isGroup: Bool { who == whoUID }
    }

    /// One attachment (`tHeader2Attach`): the prefixed name (`u:file.pdf`) and its byte count.
    public struct AttachEntry: Sendable, Hashable {
        public var name: String
        public var size: Int64
        public var ffn: String?

        public init(name: String, size: Int64, ffn: String? = nil) {
            self.name = name
            self.size = size
            self.ffn = ffn
        }
    }

    public var alias: String
    /// Empty for the first message of a thread (its msgid becomes the thread id).
    public var threadID: String
    public var subject: String
    public var attach: [AttachEntry]
    public var cc: [CcEntry]
    /// Set on posts to one's own other nodes that carry read-state and tag changes.
    public var nodeSync: Bool
    /// Set on posts to one's own other nodes that copy the account's history to a new device:
    /// with `threadID`, the data is that thread's file; without, a `NodeHistory` summary.
    public var nodeHistory: Bool
    /// On a forward confirmation: the msgid and posted time of the author's message it vouches for.
    public var confirmID: String = ""
    public var confirmPosted: String = ""

    public init(
        alias: String = "", threadID: String = "", subject: String = "", attach: [AttachEntry] = [],
        cc: [CcEntry] = [], nodeSync: Bool = false, nodeHistory: Bool = false
    ) {
        self.alias = alias
        self.threadID = threadID
        self.subject = subject
        self.attach = attach
        self.cc = cc
        self.nodeSync = nodeSync
        self.nodeHistory = nodeHistory
    }

    /// The JSON bytes sent as the datahead. Empty lists are left out, as Go's `omitempty` does.
    public func encoded() -> [UInt8] {
        var object: [(String, Any)] = []
        if nodeSync {
            object.append(("NodeSync", true))
        } else if nodeHistory {
            object.append(("NodeHistory", true))
            if !threadID.isEmpty { object.append(("ThreadId", threadID)) }
        } else {
            object.append(("Alias", alias))
            object.append(("ThreadId", threadID))
            object.append(("Subject", subject))
        }
        if !attach.isEmpty {
            object.append(
                (
                    "Attach",
                    attach.map { entry -> [(String, Any)] in
                        var fields: [(String, Any)] = [("Name", entry.name)]
                        if entry.size != 0 { fields.append(("Size", entry.size)) }
                        if let ffn = entry.ffn, !ffn.isEmpty { fields.append(("Ffn", ffn)) }
                        return fields
                    }
                ))
        }
        if !cc.isEmpty {
            object.append(
                (
                    "Cc",
                    cc.map { entry -> [(String, Any)] in
                        [
                            ("Who", entry.who), ("By", entry.by), ("WhoUid", entry.whoUID), ("ByUid", entry.byUID),
                            ("Date", entry.date), ("Note", entry.note), ("Subscribe", entry.subscribe),
                        ]
                    }
                ))
        }
        // Last, as Go writes the fields of its sub-header in declaration order.
        if !nodeSync, !nodeHistory, !confirmID.isEmpty {
            object.append(("ConfirmId", confirmID))
            object.append(("ConfirmPosted", confirmPosted))
        }
        var out = ""
        Self.write(object, to: &out)
        return Array(out.utf8)
    }

    /// Reads a datahead; keys match in any case, unknown keys are ignored, as in Go.
    public init(decoding bytes: some Collection<UInt8>) throws(PostDataheadError) {
        guard !bytes.isEmpty else {
            self.init()
            return
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw PostDataheadError.notJSON
        }
        guard let object = parsed as? [String: Any] else { throw PostDataheadError.notAnObject }
        let fields = Self.folded(object)
        self.init()
        alias = fields["alias"] as? String ?? ""
        threadID = fields["threadid"] as? String ?? ""
        subject = fields["subject"] as? String ?? ""
        nodeSync = fields["nodesync"] as? Bool ?? false
        nodeHistory = fields["nodehistory"] as? Bool ?? false
        confirmID = fields["confirmid"] as? String ?? ""
        confirmPosted = fields["confirmposted"] as? String ?? ""
        for item in fields["attach"] as? [Any] ?? [] {
            guard let entry = item as? [String: Any] else { throw PostDataheadError.badAttach }
            let entryFields = Self.folded(entry)
            guard let name = entryFields["name"] as? String else { throw PostDataheadError.badAttach }
            let size = (entryFields["size"] as? NSNumber)?.int64Value ?? 0
            guard size >= 0 else { throw PostDataheadError.badAttach }
            attach.append(AttachEntry(name: name, size: size, ffn: entryFields["ffn"] as? String))
        }
        for item in fields["cc"] as? [Any] ?? [] {
            guard let entry = item as? [String: Any] else { continue }
            let f = Self.folded(entry)
            guard let who = f["who"] as? String, !who.isEmpty else { continue }
            cc.append(
                CcEntry(
                    who: who, whoUID: f["whouid"] as? String ?? "", by: f["by"] as? String ?? "",
                    byUID: f["byuid"] as? String ?? "", date: f["date"] as? String ?? "",
                    note: f["note"] as? String ?? "", subscribe: f["subscribe"] as? Bool ?? false))
        }
    }

    private static func folded(_ object: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in object { out[key.lowercased()] = value }
        return out
    }

    // A small writer so that key order is fixed (Go writes fields in declaration order).
    private static func write(_ value: Any, to out: inout String) {
        switch value {
        case let fields as [(String, Any)]:
            out += "{"
            for (index, (key, item)) in fields.enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(item, to: &out)
            }
            out += "}"
        case let list as [[(String, Any)]]:
            out += "["
            for (index, item) in list.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case let text as String: writeString(text, to: &out)
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int64: out += String(number)
        default: out += "null"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Why a datahead could not be read.
public enum PostDataheadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON
    case notAnObject
    case badAttach

    public var description: String {
        switch self {
        case .notJSON: "the datahead is not JSON"
        case .notAnObject: "the datahead is not a JSON object"
        case .badAttach: "the datahead has a malformed attachment entry"
        }
    }
}
