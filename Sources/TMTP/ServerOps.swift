// The payload of each server message.

extension ServerMessage {
    /// The fields of a stored ("std") message: every one carries `from`, `id`, `posted`,
    /// `datalen` and `headsum`, and must be acked by `id`.
    public struct Std: Sendable, Hashable {
        public var from: String
        public var id: String
        public var posted: String
        public var dataLength: Int64
        /// Written when non-nil; the reference server sets it only when the client's was non-zero.
        public var dataHead: Int64?
        public var dataSum: UInt64?
        /// As received; encoding always computes a fresh one.
        public var headsum: UInt32?

        public init(
            from: String, id: String, posted: String, dataLength: Int64, dataHead: Int64? = nil,
            dataSum: UInt64? = nil, headsum: UInt32? = nil
        ) {
            self.from = from
            self.id = id
            self.posted = posted
            self.dataLength = dataLength
            self.dataHead = dataHead
            self.dataSum = dataSum
            self.headsum = headsum
        }

        func appendMembers(to members: inout [JSONValue.Member]) {
            members.append(JSONValue.Member("from", .string(from)))
            members.append(JSONValue.Member("id", .string(id)))
            members.append(JSONValue.Member("posted", .string(posted)))
            members.append(JSONValue.Member("datalen", .number(String(dataLength))))
            if let dataHead { members.append(JSONValue.Member("datahead", .number(String(dataHead)))) }
            if let dataSum { members.append(JSONValue.Member("datasum", .number(String(dataSum)))) }
        }
    }

    /// Reply to op 0. The reference server always answers `id` "1".
    public struct TmtpRev: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Present when OIDC is configured; kept verbatim.
        public var auth: JSONValue?
        public var authBy: JSONValue?

        public init(
            id: String = ProtocolVersion.current, name: String, auth: JSONValue? = nil, authBy: JSONValue? = nil
        ) {
            self.id = id
            self.name = name
            self.auth = auth
            self.authBy = authBy
        }
    }

    /// Reply to Register: the new account; `error` says why the alias was refused.
    public struct Registered: Sendable, Hashable {
        public var uid: String
        public var nodeID: String
        public var error: String?

        public init(uid: String, nodeID: String, error: String? = nil) {
            self.uid = uid
            self.nodeID = nodeID
            self.error = error
        }
    }

    /// `login ok` after Login/Register; `ohi` lists uids online that flag this user.
    public struct Info: Sendable, Hashable {
        public var info: String
        public var ohi: [String]?

        public init(info: String = "login ok", ohi: [String]? = nil) {
            self.info = info
            self.ohi = ohi
        }
    }

    /// Stored notice of a login on one of the user's nodes.
    public struct Login: Sendable, Hashable {
        public var std: Std
        /// The reference server writes the literal "tbd".
        public var node: String

        public init(std: Std, node: String = "tbd") {
            self.std = std
            self.node = node
        }
    }

    /// Stored result of UserEdit: a new alias, or a new node with its password.
    public struct User: Sendable, Hashable {
        public var std: Std
        public var newAlias: String?
        public var newNode: String?
        public var nodeID: String?

        public init(std: Std, newAlias: String? = nil, newNode: String? = nil, nodeID: String? = nil) {
            self.std = std
            self.newAlias = newAlias
            self.newNode = newNode
            self.nodeID = nodeID
        }
    }

    /// Stored echo of OhiEdit add/drop. Its `for` is written with Go field names `Id`/`Type`.
    public struct OhiEdit: Sendable, Hashable {
        public var std: Std
        public var recipients: [Addressee]
        public var type: String

        public init(std: Std, recipients: [Addressee], type: String) {
            self.std = std
            self.recipients = recipients
            self.type = type
        }
    }

    /// Presence: `from` went online (1) or offline (2). Not stored, not acked.
    public struct Ohi: Sendable, Hashable {
        public static let online: Int8 = 1
        public static let offline: Int8 = 2

        public var from: String
        public var status: Int8

        public init(from: String, status: Int8) {
            self.from = from
            self.status = status
        }
    }

    /// Stored group invitation; data is the invitation text.
    public struct Invite: Sendable, Hashable {
        public var std: Std
        public var gid: String
        /// The inviter's alias.
        public var alias: String
        public var to: String

        public init(std: Std, gid: String, alias: String, to: String) {
            self.std = std
            self.gid = gid
            self.alias = alias
            self.to = to
        }
    }

    /// Stored group membership change: `act` is invite, join, alias or drop.
    public struct Member: Sendable, Hashable {
        public var std: Std
        public var act: String
        public var gid: String
        public var alias: String
        public var newAlias: String?

        public init(std: Std, act: String, gid: String, alias: String, newAlias: String? = nil) {
            self.std = std
            self.act = act
            self.gid = gid
            self.alias = alias
            self.newAlias = newAlias
        }
    }

    /// A stored post; `notify` counts the notifications of a PostNotify.
    public struct Delivery: Sendable, Hashable {
        public var std: Std
        public var notify: Int64?

        public init(std: Std, notify: Int64? = nil) {
            self.std = std
            self.notify = notify
        }
    }

    /// The notification part of a PostNotify, naming its post.
    public struct Notify: Sendable, Hashable {
        public var std: Std
        public var postID: String

        public init(std: Std, postID: String) {
            self.std = std
            self.postID = postID
        }
    }

    /// A stored ping; data is its text.
    public struct Ping: Sendable, Hashable {
        public var std: Std
        /// The sender's alias.
        public var alias: String
        public var to: String

        public init(std: Std, alias: String, to: String) {
            self.std = std
            self.alias = alias
            self.to = to
        }
    }

    /// Reply to a client op: `msgid`/`posted` of the stored message, or `error`.
    public struct Ack: Sendable, Hashable {
        public var id: String
        public var msgID: String?
        public var posted: String?
        public var error: String?

        public init(id: String, msgID: String? = nil, posted: String? = nil, error: String? = nil) {
            self.id = id
            self.msgID = msgID
            self.posted = posted
            self.error = error
        }
    }

    /// The link is ending; `error` is a `QuitReason` raw value.
    public struct Quit: Sendable, Hashable {
        public var error: String

        public init(error: String) {
            self.error = error
        }

        public var reason: QuitReason? { QuitReason(rawValue: error) }
    }
}
