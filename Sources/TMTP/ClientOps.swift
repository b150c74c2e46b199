// The payload of each client op. Field names follow PROTOCOL.md: `for` is `recipients`,
// `notefor` is `noteRecipients`; integer fields use Go's zero value for "absent".

extension ClientMessage {
    /// Op 0: must be the first op on a link.
    public struct TmtpRev: Sendable, Hashable {
        public var id: String
        public init(id: String = ProtocolVersion.current) { self.id = id }
    }

    /// Op 1: create an account and log in. `newAlias` is `"_"` for no alias.
    public struct Register: Sendable, Hashable {
        public var newNode: String
        public var newAlias: String
        public var oidc: OIDCToken?

        public init(newNode: String, newAlias: String, oidc: OIDCToken? = nil) {
            self.newNode = newNode
            self.newAlias = newAlias
            self.oidc = oidc
        }
    }

    /// Op 2: log in with the node password from `registered` or `user`.
    public struct Login: Sendable, Hashable {
        public var uid: String
        public var node: String

        public init(uid: String, node: String) {
            self.uid = uid
            self.node = node
        }

        /// The node password's bytes; `.corruptBase32` when `node` is not mnm base32.
        public func nodeBytes() throws(QuitReason) -> [UInt8] {
            try MnmBase32.decodeNode(node)
        }
    }

    /// Op 3: add a node or an alias (exactly one of them).
    public struct UserEdit: Sendable, Hashable {
        public enum Change: Sendable, Hashable {
            case newNode(String)
            case newAlias(String)
        }

        public var id: String
        public var newNode: String?
        public var newAlias: String?

        public init(id: String, newNode: String? = nil, newAlias: String? = nil) {
            self.id = id
            self.newNode = newNode
            self.newAlias = newAlias
        }

        /// `.invalidHeader` for both or neither.
        public func change() throws(QuitReason) -> Change {
            switch (newNode?.nonEmpty, newAlias?.nonEmpty) {
            case (let node?, nil): return .newNode(node)
            case (nil, let alias?): return .newAlias(alias)
            default: throw .invalidHeader
            }
        }
    }

    /// Op 4: edit the set of users told when this user is online.
    public struct OhiEdit: Sendable, Hashable {
        public enum Kind: String, Sendable {
            case initialize = "init"
            case add
            case drop
        }

        public var id: String
        /// Uids; entry `type` is not checked for this op.
        public var recipients: [Addressee]
        /// Raw `type`; see `kind()`.
        public var type: String

        public init(id: String, recipients: [Addressee], type: String) {
            self.id = id
            self.recipients = recipients
            self.type = type
        }

        public init(id: String, uids: [String], kind: Kind) {
            self.init(id: id, recipients: uids.map { Addressee(id: $0, type: 0) }, type: kind.rawValue)
        }

        /// `.invalidHeader` unless `type` is init, add or drop.
        public func kind() throws(QuitReason) -> Kind {
            guard let kind = Kind(rawValue: type) else { throw .invalidHeader }
            return kind
        }
    }

    /// Op 5: invite `to` into group `gid`, with a ping-sized UTF-8 text as data.
    public struct GroupInvite: Sendable, Hashable {
        public var id: String
        public var gid: String
        public var from: String
        public var to: String
        public var dataLength: Int64
        public var dataHead: Int64
        public var dataSum: UInt64

        public init(
            id: String, gid: String, from: String, to: String, dataLength: Int64, dataHead: Int64 = 0,
            dataSum: UInt64 = 0
        ) {
            self.id = id
            self.gid = gid
            self.from = from
            self.to = to
            self.dataLength = dataLength
            self.dataHead = dataHead
            self.dataSum = dataSum
        }
    }

    /// Op 6: join, rename in, or drop from a group.
    public struct GroupEdit: Sendable, Hashable {
        public enum Action: Sendable, Hashable {
            case join(newAlias: String?)
            case alias(newAlias: String)
            case drop(to: String)
        }

        public var id: String
        public var gid: String
        /// Raw `act`; see `action()`.
        public var act: String
        public var newAlias: String?
        public var to: String?

        public init(id: String, gid: String, act: String, newAlias: String? = nil, to: String? = nil) {
            self.id = id
            self.gid = gid
            self.act = act
            self.newAlias = newAlias
            self.to = to
        }

        public init(id: String, gid: String, action: Action) {
            switch action {
            case .join(let alias): self.init(id: id, gid: gid, act: "join", newAlias: alias)
            case .alias(let alias): self.init(id: id, gid: gid, act: "alias", newAlias: alias)
            case .drop(let to): self.init(id: id, gid: gid, act: "drop", to: to)
            }
        }

        /// `.invalidHeader` for an unknown act, alias without `newalias`, or drop without `to`.
        public func action() throws(QuitReason) -> Action {
            switch act {
            case "join": return .join(newAlias: newAlias?.nonEmpty)
            case "alias":
                guard let alias = newAlias?.nonEmpty else { throw .invalidHeader }
                return .alias(newAlias: alias)
            case "drop":
                guard let to = to?.nonEmpty else { throw .invalidHeader }
                return .drop(to: to)
            default: throw .invalidHeader
            }
        }
    }

    /// Op 7: a message to users and groups; `recipients` may be empty (own nodes only).
    public struct Post: Sendable, Hashable {
        public var id: String
        public var recipients: [Addressee]
        /// Must be > 0.
        public var dataLength: Int64
        public var dataHead: Int64
        public var dataSum: UInt64

        public init(id: String, recipients: [Addressee], dataLength: Int64, dataHead: Int64 = 0, dataSum: UInt64 = 0) {
            self.id = id
            self.recipients = recipients
            self.dataLength = dataLength
            self.dataHead = dataHead
            self.dataSum = dataSum
        }
    }

    /// Op 8: a post plus a notification; data is `noteLength` note bytes, then the post bytes.
    public struct PostNotify: Sendable, Hashable {
        public var id: String
        public var recipients: [Addressee]
        public var noteRecipients: [Addressee]
        public var noteLength: Int64
        public var noteHead: Int64
        public var noteSum: UInt64
        public var forNotSelf: Bool
        /// Note and post together.
        public var dataLength: Int64
        /// Describes the post part.
        public var dataHead: Int64
        public var dataSum: UInt64

        public init(
            id: String, recipients: [Addressee], noteRecipients: [Addressee] = [], noteLength: Int64,
            noteHead: Int64 = 0, noteSum: UInt64 = 0, forNotSelf: Bool = false, dataLength: Int64,
            dataHead: Int64 = 0, dataSum: UInt64 = 0
        ) {
            self.id = id
            self.recipients = recipients
            self.noteRecipients = noteRecipients
            self.noteLength = noteLength
            self.noteHead = noteHead
            self.noteSum = noteSum
            self.forNotSelf = forNotSelf
            self.dataLength = dataLength
            self.dataHead = dataHead
            self.dataSum = dataSum
        }

        /// Bytes of the post part.
        public var postLength: Int64 { dataLength - noteLength }

        /// `.dataTooShort` when `datalen <= notelen`, then `.recipientListEmpty` for
        /// `fornotself` with no recipients.
        public func validate() throws(QuitReason) {
            guard dataLength > noteLength else { throw .dataTooShort }
            guard !(forNotSelf && recipients.isEmpty) else { throw .recipientListEmpty }
        }
    }

    /// Op 9: a short UTF-8 text (see `PingText`) to the user with alias `to`.
    public struct Ping: Sendable, Hashable {
        public var id: String
        public var from: String
        public var to: String
        public var dataLength: Int64
        public var dataHead: Int64
        public var dataSum: UInt64

        public init(id: String, from: String, to: String, dataLength: Int64, dataHead: Int64 = 0, dataSum: UInt64 = 0) {
            self.id = id
            self.from = from
            self.to = to
            self.dataLength = dataLength
            self.dataHead = dataHead
            self.dataSum = dataSum
        }
    }

    /// Op 10: acknowledges the stored message `id`; `type` must be non-empty (unused).
    public struct Ack: Sendable, Hashable {
        public var id: String
        public var type: String

        public init(id: String, type: String = "ok") {
            self.id = id
            self.type = type
        }
    }

    /// Op 11: keeps an idle link alive.
    public struct Pulse: Sendable, Hashable {
        public init() {}
    }

    /// Op 12: ends the link; the server answers quit `logout ok`.
    public struct Quit: Sendable, Hashable {
        public init() {}
    }
}
