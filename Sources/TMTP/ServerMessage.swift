/// A header sent by a server, typed per `op`.
///
/// `headerJSON()` writes Go's `json.Marshal` form of the reference server's map (sorted keys,
/// Go escaping) and, for stored ("std") messages, computes and inserts `headsum`; re-encoding a
/// reference server header gives the same bytes. Optional fields are written exactly when
/// non-nil; the reference server leaves `datahead`/`datasum` out when they are 0.
public enum ServerMessage: FrameHeader, Equatable {
    case tmtprev(TmtpRev)
    case registered(Registered)
    case info(Info)
    case login(Login)
    case user(User)
    case ohiedit(OhiEdit)
    case ohi(Ohi)
    case invite(Invite)
    case member(Member)
    case delivery(Delivery)
    case notify(Notify)
    case ping(Ping)
    case ack(Ack)
    case quit(Quit)

    /// The `op` string on the wire.
    public var op: String {
        switch self {
        case .tmtprev: "tmtprev"
        case .registered: "registered"
        case .info: "info"
        case .login: "login"
        case .user: "user"
        case .ohiedit: "ohiedit"
        case .ohi: "ohi"
        case .invite: "invite"
        case .member: "member"
        case .delivery: "delivery"
        case .notify: "notify"
        case .ping: "ping"
        case .ack: "ack"
        case .quit: "quit"
        }
    }

    /// The stored-message fields, for the ops that have them.
    public var std: Std? {
        switch self {
        case .login(let m): m.std
        case .user(let m): m.std
        case .ohiedit(let m): m.std
        case .invite(let m): m.std
        case .member(let m): m.std
        case .delivery(let m): m.std
        case .notify(let m): m.std
        case .ping(let m): m.std
        case .tmtprev, .registered, .info, .ohi, .ack, .quit: nil
        }
    }

    public var dataLength: Int64 { std?.dataLength ?? 0 }

    /// A quit message for a reason (`{"error":…,"op":"quit"}`).
    public static func quit(_ reason: QuitReason) -> ServerMessage {
        .quit(Quit(error: reason.rawValue))
    }

    // MARK: Encoding

    /// Go `json.Marshal` of the header map; std messages get their `headsum` computed and added.
    public func headerJSON() -> [UInt8] {
        var members = fieldMembers()
        guard let std else { return GoJSON.encodeObject(members) }
        std.appendMembers(to: &members)
        members = GoJSON.sortedByKey(members)
        var json: [UInt8] = []
        json.reserveCapacity(members.count * 28 + 32)
        let offsets = GoJSON.appendSortedObject(members, to: &json)
        let headsum = Headsum.compute(headerJSON: json)
        // Splice `"headsum":N` in at its sorted place instead of marshalling twice.
        let position = members.firstIndex { !GoJSON.bytewiseLess($0.key, "headsum") } ?? members.count
        let splice = offsets[position]
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 24)
        out.append(contentsOf: json[..<splice])
        if position > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: "\"headsum\":".utf8)
        GoJSON.appendInteger(headsum, to: &out)
        if position == 0 && !members.isEmpty { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: json[splice...])
        return out
    }

    /// `hhhh` + header JSON (data follows separately).
    public func frame() throws(FrameEncoder.HeaderTooLong) -> [UInt8] {
        try FrameEncoder.frame(header: headerJSON())
    }

    /// The headsum this header should carry, or nil for messages that are not stored.
    public func computedHeadsum() -> UInt32? {
        guard let std else { return nil }
        var members = fieldMembers()
        std.appendMembers(to: &members)
        return Headsum.compute(headerJSON: GoJSON.encodeObject(members))
    }

    /// True when this is a stored message whose received `headsum` matches its fields.
    /// (`Headsum.verify(headerJSON:)` checks raw bytes, including keys unknown here.)
    public func verifyHeadsum() -> Bool {
        guard let claimed = std?.headsum, let computed = computedHeadsum() else { return false }
        return claimed == computed
    }

    private func fieldMembers() -> [JSONValue.Member] {
        var m: [JSONValue.Member] = [JSONValue.Member("op", .string(op))]
        func add(_ key: String, _ value: String?) {
            if let value { m.append(JSONValue.Member(key, .string(value))) }
        }
        func add(_ key: String, _ value: JSONValue?) {
            if let value { m.append(JSONValue.Member(key, value)) }
        }
        switch self {
        case .tmtprev(let x):
            add("id", x.id)
            add("name", x.name)
            add("auth", x.auth)
            add("authby", x.authBy)
        case .registered(let x):
            add("uid", x.uid)
            add("nodeid", x.nodeID)
            add("error", x.error)
        case .info(let x):
            add("info", x.info)
            if let ohi = x.ohi { add("ohi", .array(ohi.map { .string($0) })) }
        case .login(let x):
            add("node", x.node)
        case .user(let x):
            add("newalias", x.newAlias)
            add("newnode", x.newNode)
            add("nodeid", x.nodeID)
        case .ohiedit(let x):
            let entries: [JSONValue] = x.recipients.map {
                .object([JSONValue.Member("Id", .string($0.id)), JSONValue.Member("Type", .number(String($0.type)))])
            }
            add("for", .array(entries))
            add("type", x.type)
        case .ohi(let x):
            add("from", x.from)
            add("status", .number(String(x.status)))
        case .invite(let x):
            add("gid", x.gid)
            add("alias", x.alias)
            add("to", x.to)
        case .member(let x):
            add("act", x.act)
            add("gid", x.gid)
            add("alias", x.alias)
            add("newalias", x.newAlias)
        case .delivery(let x):
            if let notify = x.notify { add("notify", .number(String(notify))) }
        case .notify(let x):
            add("postid", x.postID)
        case .ping(let x):
            add("alias", x.alias)
            add("to", x.to)
        case .ack(let x):
            add("id", x.id)
            add("msgid", x.msgID)
            add("posted", x.posted)
            add("error", x.error)
        case .quit(let x):
            add("error", x.error)
        }
        return m
    }

    // MARK: Decoding

    public static func decode(json: ArraySlice<UInt8>) throws(QuitReason) -> ServerMessage {
        let fields: Result<ServerFields, JSONParseError> = json.withUnsafeBytes { raw in
            do throws(JSONParseError) {
                return .success(try ServerFields.unmarshal(raw))
            } catch {
                return .failure(error)
            }
        }
        guard case .success(let fields) = fields, let message = ServerMessage(fields) else {
            throw .invalidHeader
        }
        return message
    }

    private init?(_ f: ServerFields) {
        guard let op = f.op else { return nil }
        let std: Std?
        if let id = f.id, !id.isEmpty, let from = f.from, let posted = f.posted {
            let length = f.dataLen ?? 0
            let head = f.dataHead ?? 0
            guard length >= 0, head >= 0, head <= length else { return nil }
            std = Std(
                from: from, id: id, posted: posted, dataLength: length, dataHead: f.dataHead, dataSum: f.dataSum,
                headsum: f.headsum)
        } else {
            std = nil
        }
        switch op {
        case "tmtprev":
            self = .tmtprev(TmtpRev(id: f.id ?? "", name: f.name ?? "", auth: f.auth, authBy: f.authBy))
        case "registered":
            self = .registered(Registered(uid: f.uid ?? "", nodeID: f.nodeID ?? "", error: f.error))
        case "info":
            self = .info(Info(info: f.info ?? "", ohi: f.ohi))
        case "ohi":
            self = .ohi(Ohi(from: f.from ?? "", status: f.status ?? 0))
        case "ack":
            self = .ack(Ack(id: f.id ?? "", msgID: f.msgID, posted: f.posted, error: f.error))
        case "quit":
            self = .quit(Quit(error: f.error ?? ""))
        default:
            guard let std else { return nil }
            switch op {
            case "login": self = .login(Login(std: std, node: f.node ?? ""))
            case "user": self = .user(User(std: std, newAlias: f.newAlias, newNode: f.newNode, nodeID: f.nodeID))
            case "ohiedit": self = .ohiedit(OhiEdit(std: std, recipients: f.recipients ?? [], type: f.type ?? ""))
            case "invite": self = .invite(Invite(std: std, gid: f.gid ?? "", alias: f.alias ?? "", to: f.to ?? ""))
            case "member":
                self = .member(
                    Member(std: std, act: f.act ?? "", gid: f.gid ?? "", alias: f.alias ?? "", newAlias: f.newAlias))
            case "delivery": self = .delivery(Delivery(std: std, notify: f.notify))
            case "notify": self = .notify(Notify(std: std, postID: f.postID ?? ""))
            case "ping": self = .ping(Ping(std: std, alias: f.alias ?? "", to: f.to ?? ""))
            default: return nil
            }
        }
    }
}

/// Every key any server message may carry; nil when absent (or `null`).
private struct ServerFields {
    var op: String?
    var id: String?
    var name: String?
    var auth: JSONValue?
    var authBy: JSONValue?
    var uid: String?
    var nodeID: String?
    var error: String?
    var info: String?
    var ohi: [String]?
    var from: String?
    var posted: String?
    var headsum: UInt32?
    var dataLen: Int64?
    var dataHead: Int64?
    var dataSum: UInt64?
    var node: String?
    var newAlias: String?
    var newNode: String?
    var recipients: [Addressee]?
    var type: String?
    var status: Int8?
    var gid: String?
    var alias: String?
    var to: String?
    var act: String?
    var notify: Int64?
    var postID: String?
    var msgID: String?

    static func unmarshal(_ raw: UnsafeRawBufferPointer) throws(JSONParseError) -> ServerFields {
        var f = ServerFields()
        var reader = JSONReader(raw)
        var recipients = AddresseeList()
        if try reader.beginObject() {
            var first = true
            while let key = try reader.nextKey(first: &first) {
                switch key.folded {
                case "op": f.op = try reader.readString() ?? f.op
                case "id": f.id = try reader.readString() ?? f.id
                case "name": f.name = try reader.readString() ?? f.name
                case "auth": f.auth = try readRaw(&reader)
                case "authby": f.authBy = try readRaw(&reader)
                case "uid": f.uid = try reader.readString() ?? f.uid
                case "nodeid": f.nodeID = try reader.readString() ?? f.nodeID
                case "error": f.error = try reader.readString() ?? f.error
                case "info": f.info = try reader.readString() ?? f.info
                case "ohi": f.ohi = try readStrings(&reader)
                case "from": f.from = try reader.readString() ?? f.from
                case "posted": f.posted = try reader.readString() ?? f.posted
                case "headsum": f.headsum = try reader.readInteger(UInt32.self) ?? f.headsum
                case "datalen": f.dataLen = try reader.readInteger(Int64.self) ?? f.dataLen
                case "datahead": f.dataHead = try reader.readInteger(Int64.self) ?? f.dataHead
                case "datasum": f.dataSum = try reader.readInteger(UInt64.self) ?? f.dataSum
                case "node": f.node = try reader.readString() ?? f.node
                case "newalias": f.newAlias = try reader.readString() ?? f.newAlias
                case "newnode": f.newNode = try reader.readString() ?? f.newNode
                case "for": try Addressee.decodeList(into: &recipients, from: &reader)
                case "type": f.type = try reader.readString() ?? f.type
                case "status": f.status = try reader.readInteger(Int8.self) ?? f.status
                case "gid": f.gid = try reader.readString() ?? f.gid
                case "alias": f.alias = try reader.readString() ?? f.alias
                case "to": f.to = try reader.readString() ?? f.to
                case "act": f.act = try reader.readString() ?? f.act
                case "notify": f.notify = try reader.readInteger(Int64.self) ?? f.notify
                case "postid": f.postID = try reader.readString() ?? f.postID
                case "msgid": f.msgID = try reader.readString() ?? f.msgID
                default: try reader.skipValue()
                }
            }
        }
        try reader.finish()
        f.recipients = recipients.entries
        return f
    }

    /// A value kept as-is (`auth`/`authby` have no fixed type in PROTOCOL.md).
    private static func readRaw(_ reader: inout JSONReader) throws(JSONParseError) -> JSONValue? {
        let start = reader.index
        try reader.skipValue()
        let text = UnsafeRawBufferPointer(rebasing: reader.bytes[start..<reader.index])
        let value = try JSONValue.parse(text)
        return value == .null ? nil : value
    }

    private static func readStrings(_ reader: inout JSONReader) throws(JSONParseError) -> [String]? {
        guard try reader.beginArray() else { return nil }
        var list: [String] = []
        var first = true
        while try reader.nextElement(first: &first) {
            list.append(try reader.readString() ?? "")
        }
        return list
    }
}
