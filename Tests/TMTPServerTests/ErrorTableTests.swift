import QuireTestSupport
import TMTP
import Testing

/// Every row of PROTOCOL.md section 2 that a client can cause, with the bytes of
/// `reference-edge-cases.txt`: the server answers `quit` with the exact string, then closes.
@Suite("Error table")
struct ErrorTableTests {
    /// What the link has done before the offending bytes.
    enum Stage: Sendable {
        case fresh
        case afterTmtpRev
        case loggedIn
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var stage: Stage
        /// Raw bytes, sent as they are.
        var raw: [UInt8]?
        /// A header whose `UID` and `NODE` are replaced by the registered user's, then framed.
        var json: String
        var data: [UInt8]
        /// The quit error, or nil for a silent close.
        var error: String?

        init(_ name: String, _ stage: Stage, _ text: String, _ error: String?) {
            self.name = name
            self.stage = stage
            raw = Array(text.utf8)
            json = ""
            data = []
            self.error = error
        }

        private init(name: String, stage: Stage, json: String, data: [UInt8], error: String?) {
            self.name = name
            self.stage = stage
            self.json = json
            self.data = data
            self.error = error
        }

        static func frame(_ name: String, _ stage: Stage, _ json: String, _ error: String?, data: [UInt8] = []) -> Case
        {
            Case(name: name, stage: stage, json: json, data: data, error: error)
        }

        func bytes(uid: String, node: String) throws -> [UInt8] {
            if let raw { return raw }
            let header = json.replacingOccurrences(of: "UID", with: uid).replacingOccurrences(of: "NODE", with: node)
            return try FrameEncoder.frame(header: Array(header.utf8)) + data
        }

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("bad hex length 00z1", .afterTmtpRev, #"00z1{"Op":3, "Uid":"noone"}"#, "invalid header length"),
        Case("length < 8", .afterTmtpRev, #"0007{"op":1}"#, "invalid header length"),
        Case("uppercase hex accepted", .afterTmtpRev, #"000B{"op":  11}"#, "disallowed op on unauthenticated link"),
        Case("truncated json", .afterTmtpRev, #"000a{"Op":12f3"#, "invalid header"),
        Case("unknown op 13", .afterTmtpRev, #"0009{"op":13}"#, "invalid header"),
        Case("op missing", .afterTmtpRev, #"000a{"id":"1"}"#, "invalid header"),
        Case("op as string", .afterTmtpRev, #"000b{"op":"12"}"#, "invalid header"),
        Case("trailing junk", .afterTmtpRev, #"000b{"op":12}xx"#, "invalid header"),
        Case("mixed-case keys", .afterTmtpRev, #"0009{"OP":12}"#, "disallowed op on unauthenticated link"),
        .frame("tmtprev twice", .afterTmtpRev, #"{"op":0,"id":"1"}"#, "disallowed op repetition"),
        .frame(
            "post before login", .afterTmtpRev, #"{"op":7,"id":"x","datalen":1,"for":[{"id":"UID","type":1}]}"#,
            "disallowed op on unauthenticated link", data: [0x31]),
        .frame(
            "login with datalen", .afterTmtpRev, #"{"op":2,"uid":"UID","node":"NODE","datalen":5}"#, "invalid header",
            data: Array("extra".utf8)),
        .frame("login bad base32", .afterTmtpRev, #"{"op":2,"uid":"UID","node":"none"}"#, "corrupt base32 value"),
        .frame("login wrong node", .afterTmtpRev, #"{"op":2,"uid":"UID","node":"LB27ML46"}"#, "login failed"),
        .frame("login unknown uid", .afterTmtpRev, #"{"op":2,"uid":"ZZZZ","node":"NODE"}"#, "login failed"),
        .frame("register without newalias", .afterTmtpRev, #"{"op":1,"newnode":"x"}"#, "invalid header"),
        .frame("login before tmtprev", .fresh, #"{"op":2,"uid":"UID","node":"NODE"}"#, nil),
        .frame("invalid header before tmtprev", .fresh, #"{"op":13}"#, nil),
        .frame("quit before tmtprev", .fresh, #"{"op":12}"#, nil),
        .frame(
            "ping over 420 bytes", .loggedIn, #"{"op":9,"id":"p","from":"a","to":"b","datalen":421}"#,
            "data too long for request type", data: Array(repeating: 0x78, count: 43)),
        .frame(
            "ping 141 characters", .loggedIn, #"{"op":9,"id":"p","from":"a","to":"b","datalen":141}"#,
            "data too long for request type", data: Array(repeating: 0x79, count: 141)),
        .frame(
            "ping bad UTF-8", .loggedIn, #"{"op":9,"id":"p","from":"a","to":"b","datalen":3}"#, "data not valid UTF8",
            data: [0x41, 0xFF, 0x5A]),
        .frame(
            "invite over 420 bytes", .loggedIn,
            #"{"op":5,"id":"i","gid":"group-one","from":"a","to":"b","datalen":500}"#, "data too long for request type"),
        .frame(
            "post datalen 0", .loggedIn, #"{"op":7,"id":"x","datalen":0,"for":[{"id":"UID","type":1}]}"#,
            "invalid header"),
        .frame("post without for", .loggedIn, #"{"op":7,"id":"x","datalen":1}"#, "invalid header", data: [0x31]),
        .frame(
            "post for type 4", .loggedIn, #"{"op":7,"id":"x","datalen":1,"for":[{"id":"UID","type":4}]}"#,
            "invalid header", data: [0x31]),
        .frame(
            "post datahead > datalen", .loggedIn,
            #"{"op":7,"id":"x","datalen":1,"datahead":2,"for":[{"id":"UID","type":1}]}"#, "invalid header", data: [0x31]
        ),
        .frame(
            "useredit both fields", .loggedIn, #"{"op":3,"id":"u","newnode":"a","newalias":"bbbbbbbbbbb"}"#,
            "invalid header"),
        .frame("useredit neither field", .loggedIn, #"{"op":3,"id":"u"}"#, "invalid header"),
        .frame(
            "ohiedit bad type", .loggedIn, #"{"op":4,"id":"o","for":[{"id":"UID"}],"type":"zzz"}"#, "invalid header"),
        .frame("ohiedit empty for", .loggedIn, #"{"op":4,"id":"o","for":[],"type":"init"}"#, "invalid header"),
        .frame("groupedit bad act", .loggedIn, #"{"op":6,"id":"g","gid":"whatever1","act":"zap"}"#, "invalid header"),
        .frame(
            "groupedit alias without newalias", .loggedIn, #"{"op":6,"id":"g","gid":"whatever1","act":"alias"}"#,
            "invalid header"),
        .frame(
            "groupedit drop without to", .loggedIn, #"{"op":6,"id":"g","gid":"whatever1","act":"drop"}"#,
            "invalid header"),
        .frame(
            "postnotify datalen <= notelen", .loggedIn,
            #"{"op":8,"id":"n","for":[],"notefor":[],"notelen":2,"datalen":2}"#,
            "data too short for request type", data: Array("ab".utf8)),
        .frame(
            "postnotify fornotself with empty for", .loggedIn,
            #"{"op":8,"id":"n","for":[],"notefor":[],"notelen":1,"datalen":2,"fornotself":true}"#,
            "recipient list empty",
            data: Array("ab".utf8)),
        .frame("ack without type", .loggedIn, #"{"op":10,"id":"nope"}"#, "invalid header"),
        .frame(
            "login on a logged-in link", .loggedIn, #"{"op":2,"uid":"UID","node":"NODE"}"#,
            "disallowed op on connected link"),
        .frame(
            "register on a logged-in link", .loggedIn, #"{"op":1,"newnode":"x","newalias":"_"}"#,
            "disallowed op on connected link"),
        .frame("quit", .loggedIn, #"{"op":12}"#, "logout ok"),
        .frame("quit after tmtprev", .afterTmtpRev, #"{"op":12}"#, "disallowed op on unauthenticated link"),
    ]

    @Test(arguments: cases)
    func quitsWithTheReferenceError(_ test: Case) async throws {
        let site = try await TestSite.start()
        let user = try await site.register("user-\(test.name.hashValue)")
        let peer: TestPeer
        switch test.stage {
        case .loggedIn:
            peer = user.peer
        case .fresh, .afterTmtpRev:
            await user.peer.close()
            peer = try await site.connect()
            if test.stage == .afterTmtpRev {
                try await peer.send(.tmtpRev(.init()))
                _ = try await peer.next(op: "tmtprev")
            }
        }
        let bytes = try test.bytes(uid: user.uid, node: user.password)
        try await peer.sendRaw(bytes)
        let frames = try await peer.closedMessages()
        let quits = frames.filter { $0.header.op == "quit" }
        if let error = test.error {
            #expect(quits.map(\.json) == [#"{"error":"\#(error)","op":"quit"}"#])
        } else {
            #expect(frames.isEmpty)
        }
        await site.stop()
    }

    @Test(arguments: TestStore.all) func nodeAlreadyConnectedRefusesTheNewLinkOnly(_ kind: TestStore) async throws {
        let site = try await TestSite.start(store: kind)
        let user = try await site.register("dup-login-user")
        let second = try await site.connect()
        try await second.send(.tmtpRev(.init()))
        _ = try await second.next(op: "tmtprev")
        try await second.send(.login(.init(uid: user.uid, node: user.password)))
        let frames = try await second.closedMessages()
        #expect(frames.map(\.json) == [#"{"error":"node already connected","op":"quit"}"#])
        try await user.peer.send(.pulse(.init()))
        try await user.peer.send(.post(.init(id: "still", recipients: [], dataLength: 1)), data: [0x31])
        let ack = try await user.peer.reply(to: "still")
        #expect(ack.msgID != nil)
        await site.stop()
    }

    @Test func tmtprevAlwaysAnswersIdOne() async throws {
        let site = try await TestSite.start()
        let peer = try await site.connect()
        try await peer.send(.tmtpRev(.init(id: "2")))
        let reply = try await peer.next(op: "tmtprev")
        #expect(reply.json == #"{"id":"1","name":"quire-test","op":"tmtprev"}"#)
        await site.stop()
    }
}
