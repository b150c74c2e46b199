/// A client header exactly as the reference server's `tHeader` holds it after `json.Unmarshal`:
/// every field of every op, Go zero values for absent ones. `ClientMessage` is built from it.
public struct ClientHeader: Sendable, Equatable {
    /// `eOpEnd`: what a header without `op` is left with, which `check()` rejects.
    public static let missingOp: UInt8 = 13

    public var op: UInt8 = ClientHeader.missingOp
    public var dataLen: Int64 = 0
    public var dataHead: Int64 = 0
    public var noteLen: Int64 = 0
    public var noteHead: Int64 = 0
    public var dataSum: UInt64 = 0
    public var noteSum: UInt64 = 0
    public var uid = ""
    public var gid = ""
    public var id = ""
    public var node = ""
    public var newNode = ""
    public var newAlias = ""
    public var from = ""
    public var to = ""
    public var type = ""
    public var act = ""
    /// nil when absent or `null`; `[]` when sent empty (Post requires it present).
    public var forList: [Addressee]?
    public var noteFor: [Addressee]?
    public var forNotSelf = false
    public var oidc: OIDCToken?

    public init() {}

    /// `json.Unmarshal` into `tHeader`; any syntax or type error throws.
    public static func unmarshal(_ raw: UnsafeRawBufferPointer) throws(JSONParseError) -> ClientHeader {
        var header = ClientHeader()
        var reader = JSONReader(raw)
        var forList = AddresseeList()
        var noteFor = AddresseeList()
        if try reader.beginObject() {
            var first = true
            while let key = try reader.nextKey(first: &first) {
                switch key.folded {
                case "op": if let v = try reader.readInteger(UInt8.self) { header.op = v }
                case "datalen": if let v = try reader.readInteger(Int64.self) { header.dataLen = v }
                case "datahead": if let v = try reader.readInteger(Int64.self) { header.dataHead = v }
                case "notelen": if let v = try reader.readInteger(Int64.self) { header.noteLen = v }
                case "notehead": if let v = try reader.readInteger(Int64.self) { header.noteHead = v }
                case "datasum": if let v = try reader.readInteger(UInt64.self) { header.dataSum = v }
                case "notesum": if let v = try reader.readInteger(UInt64.self) { header.noteSum = v }
                case "uid": if let v = try reader.readString() { header.uid = v }
                case "gid": if let v = try reader.readString() { header.gid = v }
                case "id": if let v = try reader.readString() { header.id = v }
                case "node": if let v = try reader.readString() { header.node = v }
                case "newnode": if let v = try reader.readString() { header.newNode = v }
                case "newalias": if let v = try reader.readString() { header.newAlias = v }
                case "from": if let v = try reader.readString() { header.from = v }
                case "to": if let v = try reader.readString() { header.to = v }
                case "type": if let v = try reader.readString() { header.type = v }
                case "act": if let v = try reader.readString() { header.act = v }
                case "for": try Addressee.decodeList(into: &forList, from: &reader)
                case "notefor": try Addressee.decodeList(into: &noteFor, from: &reader)
                case "fornotself": if let v = try reader.readBool() { header.forNotSelf = v }
                case "oidc": try OIDCToken.decode(into: &header.oidc, from: &reader)
                default: try reader.skipValue()
                }
            }
        }
        try reader.finish()
        header.forList = forList.entries
        header.noteFor = noteFor.entries
        return header
    }

    /// The reference server's `tHeader.check()`: false means quit `invalid header`.
    public func check() -> Bool {
        guard let op = ClientOp(rawValue: op) else { return false }
        let rule = op.rule
        guard dataLen >= 0, dataHead >= 0, noteLen >= 0, noteHead >= 0 else { return false }
        guard dataHead <= dataLen, noteHead <= noteLen else { return false }
        switch rule.dataLength {
        case .zero: guard dataLen == 0 else { return false }
        case .positive: guard dataLen > 0 else { return false }
        case .any: break
        }
        guard (noteLen != 0) == (op == .postNotify) else { return false }
        for field in rule.required {
            switch field {
            case .uid: guard !uid.isEmpty else { return false }
            case .gid: guard !gid.isEmpty else { return false }
            case .id: guard !id.isEmpty else { return false }
            case .node: guard !node.isEmpty else { return false }
            case .newNode: guard !newNode.isEmpty else { return false }
            case .newAlias: guard !newAlias.isEmpty else { return false }
            case .from: guard !from.isEmpty else { return false }
            case .to: guard !to.isEmpty else { return false }
            case .type: guard !type.isEmpty else { return false }
            case .act: guard !act.isEmpty else { return false }
            case .forPresent: guard forList != nil else { return false }
            case .forNonEmpty: guard let forList, !forList.isEmpty else { return false }
            }
        }
        func valid(_ list: [Addressee]?) -> Bool {
            for entry in list ?? [] {
                guard !entry.id.isEmpty else { return false }
                guard op == .ohiEdit || entry.kind != nil else { return false }
            }
            return true
        }
        return valid(forList) && valid(noteFor)
    }
}

/// Client op codes (`eOpTmtpRev` ... `eOpQuit`).
public enum ClientOp: UInt8, Sendable, CaseIterable {
    case tmtpRev = 0
    case register = 1
    case login = 2
    case userEdit = 3
    case ohiEdit = 4
    case groupInvite = 5
    case groupEdit = 6
    case post = 7
    case postNotify = 8
    case ping = 9
    case ack = 10
    case pulse = 11
    case quit = 12

    /// What `check()` requires of each op (PROTOCOL.md section 1 table).
    struct Rule {
        enum DataLength { case zero, positive, any }
        enum Field { case uid, gid, id, node, newNode, newAlias, from, to, type, act, forPresent, forNonEmpty }
        let required: [Field]
        let dataLength: DataLength
    }

    var rule: Rule { Self.rules[Int(rawValue)] }

    private static let rules: [Rule] = allCases.map(\.makeRule)

    private var makeRule: Rule {
        switch self {
        case .tmtpRev: Rule(required: [.id], dataLength: .zero)
        case .register: Rule(required: [.newNode, .newAlias], dataLength: .zero)
        case .login: Rule(required: [.uid, .node], dataLength: .zero)
        case .userEdit: Rule(required: [.id], dataLength: .zero)
        case .ohiEdit: Rule(required: [.id, .forNonEmpty, .type], dataLength: .zero)
        case .groupInvite: Rule(required: [.id, .gid, .from, .to], dataLength: .any)
        case .groupEdit: Rule(required: [.id, .act, .gid], dataLength: .zero)
        case .post: Rule(required: [.id, .forPresent], dataLength: .positive)
        case .postNotify: Rule(required: [.id, .forPresent], dataLength: .positive)
        case .ping: Rule(required: [.id, .from, .to], dataLength: .any)
        case .ack: Rule(required: [.id, .type], dataLength: .zero)
        case .pulse, .quit: Rule(required: [], dataLength: .zero)
        }
    }
}
