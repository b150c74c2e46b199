/// A header sent by a client, typed per op, after the reference server's `check()` passed.
///
/// Decoding follows Go's `encoding/json` into `tHeader` (see `ClientHeader`), so the reference
/// client's `"Op"`, `"DataLen"`, `"For":[{"Id","Type"}]` work as well as lowercase keys.
/// Op-specific rules that the reference server applies only after its session-state checks live
/// in `checkOperation()` (and `PingText.validate` for ping/invite data).
public enum ClientMessage: FrameHeader, Equatable {
    case tmtpRev(TmtpRev)
    case register(Register)
    case login(Login)
    case userEdit(UserEdit)
    case ohiEdit(OhiEdit)
    case groupInvite(GroupInvite)
    case groupEdit(GroupEdit)
    case post(Post)
    case postNotify(PostNotify)
    case ping(Ping)
    case ack(Ack)
    case pulse(Pulse)
    case quit(Quit)

    public static func decode(json: ArraySlice<UInt8>) throws(QuitReason) -> ClientMessage {
        let header: Result<ClientHeader, JSONParseError> = json.withUnsafeBytes { raw in
            do throws(JSONParseError) {
                return .success(try ClientHeader.unmarshal(raw))
            } catch {
                return .failure(error)
            }
        }
        guard case .success(let header) = header, header.check(), let message = ClientMessage(checked: header)
        else { throw .invalidHeader }
        return message
    }

    /// Builds the typed message from a header that passed `check()`.
    public init?(checked h: ClientHeader) {
        guard let op = ClientOp(rawValue: h.op) else { return nil }
        switch op {
        case .tmtpRev: self = .tmtpRev(TmtpRev(id: h.id))
        case .register: self = .register(Register(newNode: h.newNode, newAlias: h.newAlias, oidc: h.oidc))
        case .login: self = .login(Login(uid: h.uid, node: h.node))
        case .userEdit:
            self = .userEdit(UserEdit(id: h.id, newNode: h.newNode.nonEmpty, newAlias: h.newAlias.nonEmpty))
        case .ohiEdit: self = .ohiEdit(OhiEdit(id: h.id, recipients: h.forList ?? [], type: h.type))
        case .groupInvite:
            self = .groupInvite(
                GroupInvite(
                    id: h.id, gid: h.gid, from: h.from, to: h.to, dataLength: h.dataLen, dataHead: h.dataHead,
                    dataSum: h.dataSum))
        case .groupEdit:
            self = .groupEdit(
                GroupEdit(id: h.id, gid: h.gid, act: h.act, newAlias: h.newAlias.nonEmpty, to: h.to.nonEmpty))
        case .post:
            self = .post(
                Post(
                    id: h.id, recipients: h.forList ?? [], dataLength: h.dataLen, dataHead: h.dataHead,
                    dataSum: h.dataSum))
        case .postNotify:
            self = .postNotify(
                PostNotify(
                    id: h.id, recipients: h.forList ?? [], noteRecipients: h.noteFor ?? [], noteLength: h.noteLen,
                    noteHead: h.noteHead, noteSum: h.noteSum, forNotSelf: h.forNotSelf, dataLength: h.dataLen,
                    dataHead: h.dataHead, dataSum: h.dataSum))
        case .ping:
            self = .ping(
                Ping(
                    id: h.id, from: h.from, to: h.to, dataLength: h.dataLen, dataHead: h.dataHead,
                    dataSum: h.dataSum))
        case .ack: self = .ack(Ack(id: h.id, type: h.type))
        case .pulse: self = .pulse(Pulse())
        case .quit: self = .quit(Quit())
        }
    }

    public var op: ClientOp {
        switch self {
        case .tmtpRev: .tmtpRev
        case .register: .register
        case .login: .login
        case .userEdit: .userEdit
        case .ohiEdit: .ohiEdit
        case .groupInvite: .groupInvite
        case .groupEdit: .groupEdit
        case .post: .post
        case .postNotify: .postNotify
        case .ping: .ping
        case .ack: .ack
        case .pulse: .pulse
        case .quit: .quit
        }
    }

    /// The client-supplied `id` (empty for Register, Login, Pulse, Quit).
    public var id: String {
        switch self {
        case .tmtpRev(let m): m.id
        case .userEdit(let m): m.id
        case .ohiEdit(let m): m.id
        case .groupInvite(let m): m.id
        case .groupEdit(let m): m.id
        case .post(let m): m.id
        case .postNotify(let m): m.id
        case .ping(let m): m.id
        case .ack(let m): m.id
        case .register, .login, .pulse, .quit: ""
        }
    }

    public var dataLength: Int64 {
        switch self {
        case .groupInvite(let m): m.dataLength
        case .post(let m): m.dataLength
        case .postNotify(let m): m.dataLength
        case .ping(let m): m.dataLength
        default: 0
        }
    }

    /// The op-specific header rules the reference server applies after the session-state checks
    /// (`ClientLinkState.admit`) and before reading data: UserEdit both/neither, OhiEdit type,
    /// GroupEdit act, PostNotify lengths and recipients, Ping/GroupInvite datalen > 420.
    public func checkOperation() throws(QuitReason) {
        switch self {
        case .userEdit(let m): _ = try m.change()
        case .ohiEdit(let m): _ = try m.kind()
        case .groupInvite(let m): try PingText.checkLength(m.dataLength)
        case .groupEdit(let m): _ = try m.action()
        case .postNotify(let m): try m.validate()
        case .ping(let m): try PingText.checkLength(m.dataLength)
        default: break
        }
    }

    /// The header JSON a client sends: lowercase keys in PROTOCOL.md order, ASCII only.
    public func headerJSON() -> [UInt8] {
        var w = ClientJSONWriter(op: op.rawValue)
        switch self {
        case .tmtpRev(let m):
            w.field("id", m.id)
        case .register(let m):
            w.field("newnode", m.newNode)
            w.field("newalias", m.newAlias)
            if let oidc = m.oidc { w.field("oidc", oidc) }
        case .login(let m):
            w.field("uid", m.uid)
            w.field("node", m.node)
        case .userEdit(let m):
            w.field("id", m.id)
            w.optionalField("newnode", m.newNode)
            w.optionalField("newalias", m.newAlias)
        case .ohiEdit(let m):
            w.field("id", m.id)
            w.field("for", m.recipients)
            w.field("type", m.type)
        case .groupInvite(let m):
            w.field("id", m.id)
            w.field("gid", m.gid)
            w.field("from", m.from)
            w.field("to", m.to)
            w.field("datalen", m.dataLength)
            w.nonZeroField("datahead", m.dataHead)
            w.nonZeroField("datasum", m.dataSum)
        case .groupEdit(let m):
            w.field("id", m.id)
            w.field("gid", m.gid)
            w.field("act", m.act)
            w.optionalField("newalias", m.newAlias)
            w.optionalField("to", m.to)
        case .post(let m):
            w.field("id", m.id)
            w.field("for", m.recipients)
            w.field("datalen", m.dataLength)
            w.nonZeroField("datahead", m.dataHead)
            w.nonZeroField("datasum", m.dataSum)
        case .postNotify(let m):
            w.field("id", m.id)
            w.field("for", m.recipients)
            if !m.noteRecipients.isEmpty { w.field("notefor", m.noteRecipients) }
            w.field("notelen", m.noteLength)
            w.nonZeroField("notehead", m.noteHead)
            w.nonZeroField("notesum", m.noteSum)
            if m.forNotSelf { w.field("fornotself", true) }
            w.field("datalen", m.dataLength)
            w.nonZeroField("datahead", m.dataHead)
            w.nonZeroField("datasum", m.dataSum)
        case .ping(let m):
            w.field("id", m.id)
            w.field("from", m.from)
            w.field("to", m.to)
            w.field("datalen", m.dataLength)
            w.nonZeroField("datahead", m.dataHead)
            w.nonZeroField("datasum", m.dataSum)
        case .ack(let m):
            w.field("id", m.id)
            w.field("type", m.type)
        case .pulse, .quit:
            break
        }
        return w.finish()
    }

    /// The whole frame prefix: `hhhh` + header JSON (data follows separately).
    public func frame() throws(FrameEncoder.HeaderTooLong) -> [UInt8] {
        try FrameEncoder.frame(header: headerJSON())
    }
}

extension String {
    /// nil for "", which Go's zero-value checks treat as absent.
    var nonEmpty: String? { isEmpty ? nil : self }
}
