import TMTP
import Testing

/// A user registered on a site known by its port, and the link it registered on.
public struct TestUser: Sendable {
    public var uid: String
    public var password: String
    public var alias: String
    public var peer: TestPeer

    public init(uid: String, password: String, alias: String, peer: TestPeer) {
        self.uid = uid
        self.password = password
        self.alias = alias
        self.peer = peer
    }

    public func recipient() -> Addressee { Addressee(id: uid, kind: .user) }

    /// Registers `alias` as a new user on a fresh link that stays logged in.
    public static func register(port: Int, alias: String = "_", newNode: String = "n1") async throws -> TestUser {
        let peer = try await TestPeer.connect(port: port)
        try await peer.send(.tmtpRev(.init()))
        _ = try await peer.next(op: "tmtprev")
        try await peer.send(.register(.init(newNode: newNode, newAlias: alias)))
        guard case .registered(let registered) = try await peer.next(op: "registered").header else {
            throw TestPeer.Closed()
        }
        _ = try await peer.next(op: "info")
        return TestUser(uid: registered.uid, password: registered.nodeID, alias: alias, peer: peer)
    }

    /// Logs a node in on a fresh link, returning the link and its `info`.
    public static func login(port: Int, uid: String, password: String) async throws -> (TestPeer, ServerMessage.Info) {
        let peer = try await TestPeer.connect(port: port)
        try await peer.send(.tmtpRev(.init()))
        _ = try await peer.next(op: "tmtprev")
        try await peer.send(.login(.init(uid: uid, node: password)))
        let frame = try await peer.next(where: { $0.header.op == "info" || $0.header.op == "quit" }, "info")
        guard case .info(let info) = frame.header else {
            Issue.record("login refused: \(frame.json)")
            throw TestPeer.Closed()
        }
        return (peer, info)
    }

    /// Logs this user's node in again on a fresh link.
    public func login(port: Int) async throws -> (TestPeer, ServerMessage.Info) {
        try await Self.login(port: port, uid: uid, password: password)
    }
}
