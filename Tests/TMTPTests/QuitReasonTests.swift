import Testing

@testable import TMTP

/// Each reference error string, produced by the input that produces it on the reference server
/// (inputs from reference-edge-cases.txt where it has them).
@Suite("Reference error strings")
struct QuitReasonTests {
    let loggedIn = ClientLinkState(hasTmtpRev: true, isLoggedIn: true)

    /// The server's order of checks: decode, session gate, op checks as soon as the header is
    /// in (before any data), then ping data and the Login node once the data is in.
    func outcome(_ json: String, data: [UInt8] = [], state: ClientLinkState) -> QuitReason? {
        var decoder = FrameDecoder<ClientMessage>()
        decoder.append(frameBytes(json, data: data))
        var current: ClientMessage?
        var body: [UInt8] = []
        do throws(QuitReason) {
            while let event = try decoder.next() {
                switch event {
                case .head(let message):
                    try state.admit(message.op)
                    try message.checkOperation()
                    current = message
                case .body(let chunk):
                    body += chunk
                case .end:
                    switch current {
                    case .ping, .groupInvite: try PingText.validate(body)
                    case .login(let login): _ = try login.nodeBytes()
                    case .quit: throw .logoutOK
                    default: break
                    }
                    body = []
                }
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func rawValuesAreTheReferenceStrings() {
        #expect(QuitReason.allCases.count == 16)
        #expect(
            Set(QuitReason.allCases.map(\.rawValue)) == [
                "invalid header length", "invalid header", "corrupt base32 value", "disallowed op repetition",
                "disallowed op on unauthenticated link", "disallowed op on connected link", "tmtprev was omitted",
                "authentication required", "register failure", "login failed", "node already connected",
                "logout ok", "data too long for request type", "data too short for request type",
                "data not valid UTF8", "recipient list empty",
            ])
        #expect(
            ServerMessage.quit(.invalidHeader).headerJSON() == Array(#"{"error":"invalid header","op":"quit"}"#.utf8))
    }

    @Test func invalidHeaderLength() {
        #expect(clientDecodeErrorRaw("0007{\"op\":1}") == .invalidHeaderLength)
        #expect(clientDecodeErrorRaw(#"00z1{"Op":3, "Uid":"noone"}"#) == .invalidHeaderLength)
    }

    @Test func invalidHeaderFromParseAndCheck() {
        let cases = [
            #"{"Op":12f3"#,  // truncated json
            #"{"op":13}"#,  // unknown op
            #"{"id":"1"}"#,  // op missing
            #"{"op":"12"}"#,  // op as string
            #"{"op":12}xx"#,  // trailing junk
            #"{"op":2,"uid":"U","node":"N","datalen":5}"#,  // login with datalen
            #"{"op":1,"newnode":"x"}"#,  // register no newalias
            #"{"op":7,"id":"x","datalen":0,"for":[{"id":"U","type":1}]}"#,  // post datalen 0
            #"{"op":7,"id":"x","datalen":1}"#,  // post no for
            #"{"op":7,"id":"x","datalen":1,"for":null}"#,  // post for null
            #"{"op":7,"id":"x","datalen":1,"for":[{"id":"U","type":4}]}"#,  // type 4
            #"{"op":7,"id":"x","datalen":1,"for":[{"id":"U","type":0}]}"#,
            #"{"op":7,"id":"x","datalen":1,"for":[{"type":1}]}"#,  // entry without id
            #"{"op":7,"id":"x","datalen":1,"datahead":2,"for":[{"id":"U","type":1}]}"#,  // datahead > datalen
            #"{"op":7,"id":"x","datalen":1,"datahead":-1,"for":[]}"#,
            #"{"op":4,"id":"o","for":[],"type":"init"}"#,  // ohiedit empty for
            #"{"op":10,"id":"nope"}"#,  // ack without type
            #"{"op":7,"id":"x","datalen":1,"for":[],"notelen":1}"#,  // notelen on Post
            #"{"op":8,"id":"x","datalen":2,"for":[]}"#,  // PostNotify without notelen
            #"{"op":8,"id":"x","datalen":2,"for":[],"notelen":1,"notehead":2}"#,
            #"{"op":8,"id":"x","datalen":2,"for":[],"notelen":1,"notefor":[{"id":"U","type":9}]}"#,
            #"{"op":9,"id":"p","from":"a","datalen":1}"#,  // ping without to
            #"{"op":5,"id":"g","gid":"group-id","from":"a","to":"b","datalen":-1}"#,
            #"{"op":6,"id":"g","gid":"g","act":""}"#,
            #"{"op":0}"#,
            #"{"op":2,"uid":"","node":"N"}"#,
            #"{"op":11,"datalen":1}"#,
            "null    ",
            "[1,2,3,4]",
        ]
        for json in cases {
            #expect(outcome(json, state: loggedIn) == .invalidHeader, "\(json)")
        }
    }

    @Test func invalidHeaderFromOpChecks() {
        let cases = [
            #"{"op":3,"id":"u","newnode":"a","newalias":"bbbbbbbbbbb"}"#,  // useredit both
            #"{"op":3,"id":"u"}"#,  // useredit neither
            #"{"op":4,"id":"o","for":[{"id":"U"}],"type":"zzz"}"#,  // ohiedit bad type
            #"{"op":6,"id":"g","gid":"whatever1","act":"zap"}"#,  // groupedit bad act
            #"{"op":6,"id":"g","gid":"whatever1","act":"alias"}"#,  // alias without newalias
            #"{"op":6,"id":"g","gid":"whatever1","act":"drop"}"#,  // drop without to
        ]
        for json in cases {
            #expect(outcome(json, state: loggedIn) == .invalidHeader, "\(json)")
        }
        // The same headers before login are refused by the session gate first.
        for json in cases {
            #expect(outcome(json, state: ClientLinkState(hasTmtpRev: true)) == .opOnUnauthenticatedLink)
        }
        #expect(outcome(#"{"op":6,"id":"g","gid":"whatever1","act":"join"}"#, state: loggedIn) == nil)
        #expect(outcome(#"{"op":4,"id":"o","for":[{"id":"U"}],"type":"init"}"#, state: loggedIn) == nil)
    }

    @Test func corruptBase32() {
        let state = ClientLinkState(hasTmtpRev: true)
        #expect(
            outcome(#"{"op":2,"uid":"B1XG7TLJ5MX%Y26JTVCCW+GD72TG8VK3","node":"none"}"#, state: state) == .corruptBase32
        )
        // "LB27ML46" is valid base32: the reference server got as far as "login failed".
        #expect(outcome(#"{"op":2,"uid":"B1XG7TLJ5MX%Y26JTVCCW+GD72TG8VK3","node":"LB27ML46"}"#, state: state) == nil)
    }

    @Test func sessionStateErrors() {
        let fresh = ClientLinkState()
        let revised = ClientLinkState(hasTmtpRev: true)
        #expect(outcome(#"{"op":0,"id":"1"}"#, state: revised) == .opRepetition)
        #expect(outcome(#"{"op":0,"id":"1"}"#, state: fresh) == nil)
        #expect(
            outcome(#"{"op":7,"id":"x","datalen":1,"for":[{"id":"U","type":1}]}"#, data: [0x31], state: revised)
                == .opOnUnauthenticatedLink)
        #expect(outcome(#"{"OP":12}"#, state: revised) == .opOnUnauthenticatedLink)
        #expect(outcome(#"{"op":11}"#, state: fresh) == .opOnUnauthenticatedLink)
        #expect(outcome(#"{"op":2,"uid":"U","node":"LB27ML46"}"#, state: loggedIn) == .opOnConnectedLink)
        #expect(outcome(#"{"op":1,"newnode":"n","newalias":"_"}"#, state: loggedIn) == .opOnConnectedLink)
        #expect(outcome(#"{"op":2,"uid":"U","node":"LB27ML46"}"#, state: fresh) == .tmtpRevOmitted)
        #expect(!fresh.sendsQuitMessage)
        #expect(revised.sendsQuitMessage)
    }

    @Test func logoutOK() {
        #expect(outcome(#"{"op":12}"#, state: loggedIn) == .logoutOK)
        #expect(ServerMessage.quit(.logoutOK).headerJSON() == Array(#"{"error":"logout ok","op":"quit"}"#.utf8))
    }

    @Test func pingDataRules() {
        let ping = { (length: Int) in #"{"op":9,"id":"p","from":"a","to":"b","datalen":\#(length)}"# }
        #expect(outcome(ping(421), data: [UInt8](repeating: 0x78, count: 421), state: loggedIn) == .dataTooLong)
        // datalen alone decides, before any data is read.
        #expect(outcome(ping(1_000_000), state: loggedIn) == .dataTooLong)
        #expect(outcome(ping(141), data: [UInt8](repeating: 0x79, count: 141), state: loggedIn) == .dataTooLong)
        let euros = Array(String(repeating: "€", count: 140).utf8)
        #expect(euros.count == 420)
        #expect(outcome(ping(420), data: euros, state: loggedIn) == nil)
        let emoji = Array(String(repeating: "😀", count: 71).utf8)  // 142 UTF-16 units, 284 bytes
        #expect(outcome(ping(emoji.count), data: emoji, state: loggedIn) == .dataTooLong)
        #expect(outcome(ping(3), data: [0x41, 0xFF, 0x5A], state: loggedIn) == .dataNotUTF8)
        #expect(outcome(ping(3), data: [0xED, 0xA0, 0x80], state: loggedIn) == .dataNotUTF8)  // surrogate
        #expect(outcome(ping(0), state: loggedIn) == nil)
        let invite = #"{"op":5,"id":"g","gid":"group-id","from":"a","to":"b","datalen":421}"#
        #expect(outcome(invite, data: [UInt8](repeating: 0x78, count: 421), state: loggedIn) == .dataTooLong)
        let badInvite = #"{"op":5,"id":"g","gid":"group-id","from":"a","to":"b","datalen":1}"#
        #expect(outcome(badInvite, data: [0xC0], state: loggedIn) == .dataNotUTF8)
    }

    @Test func postNotifyRules() {
        #expect(
            outcome(
                #"{"op":8,"id":"n","for":[],"notefor":[],"notelen":2,"datalen":2}"#, data: [0x61, 0x62],
                state: loggedIn) == .dataTooShort)
        #expect(
            outcome(
                #"{"op":8,"id":"n","for":[],"notefor":[],"notelen":1,"datalen":2,"fornotself":true}"#,
                data: [0x61, 0x62], state: loggedIn) == .recipientListEmpty)
        // Too short is checked first.
        #expect(
            outcome(
                #"{"op":8,"id":"n","for":[],"notelen":2,"datalen":2,"fornotself":true}"#, data: [0x61, 0x62],
                state: loggedIn) == .dataTooShort)
        #expect(
            outcome(
                #"{"op":8,"id":"n","for":[{"id":"U","type":1}],"notelen":1,"datalen":2,"fornotself":true}"#,
                data: [0x61, 0x62], state: loggedIn) == nil)
    }
}
