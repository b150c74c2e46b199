import Testing

@testable import TMTP

/// Header decoding follows Go's `json.Unmarshal` into `tHeader`.
@Suite("Go JSON decoding")
struct GoJSONDecodingTests {
    func header(_ json: String) throws -> ClientHeader {
        var bytes = Array(json.utf8)
        return try bytes.withUnsafeMutableBytes { try ClientHeader.unmarshal(UnsafeRawBufferPointer($0)) }
    }

    func refused(_ json: String) -> Bool {
        (try? header(json)) == nil
    }

    @Test func keysMatchCaseInsensitively() throws {
        let message = try decodeClient(
            #"{"Op":7,"Id":"c1","For":[{"Id":"U","Type":1}],"DataLen":5,"DataHead":2,"DATASUM":9}"#)
        #expect(
            message
                == .post(
                    .init(
                        id: "c1", recipients: [Addressee(id: "U", kind: .user)], dataLength: 5, dataHead: 2, dataSum: 9)
                ))
        let register = try decodeClient(#"{"oP":1,"Newnode":"n","NEWALIAS":"_","ForNotSelf":true}"#)
        #expect(register == .register(.init(newNode: "n", newAlias: "_")))
        #expect(try header(#"{"FORNOTSELF":true}"#).forNotSelf)
        #expect(
            try header(#"{"oidc":{"Token_Type":"Bearer","EXPIRES_IN":60,"id_TOKEN":"t"}}"#).oidc
                == OIDCToken(tokenType: "Bearer", expiresIn: 60, idToken: "t"))
    }

    @Test func goFoldsFourNonASCIILettersOntoASCII() throws {
        // unicode.ToUpper(unicode.ToLower(r)): ſ -> S, K (Kelvin) -> K, İ and ı -> I.
        #expect(try header(#"{"fornotſelf":true}"#).forNotSelf)
        #expect(try header(#"{"ıd":"x"}"#).id == "x")
        #expect(try header(#"{"İd":"x"}"#).id == "x")
        #expect(try header("{\"bac\u{212A}\":1,\"id\":\"y\"}").id == "y")
        #expect(try header(#"{"ïd":"x"}"#).id == "")
        // Escaped keys are unquoted before matching.
        #expect(try header(#"{"\u006fp":12}"#).op == 12)
    }

    @Test func lastDuplicateWins() throws {
        #expect(try header(#"{"op":1,"OP":2}"#).op == 2)
        #expect(try header(#"{"id":"a","Id":"b","ID":"c"}"#).id == "c")
        // null leaves scalars unset but clears lists and the oidc pointer.
        #expect(try header(#"{"id":"a","id":null}"#).id == "a")
        #expect(try header(#"{"for":[],"for":null}"#).forList == nil)
        #expect(try header(#"{"for":null,"for":[]}"#).forList == [])
        #expect(try header(#"{"oidc":{"scope":"s"},"oidc":null}"#).oidc == nil)
        // A repeated object merges into the existing one, as Go decodes into a live pointer.
        #expect(
            try header(#"{"oidc":{"scope":"s"},"oidc":{"id_token":"t"}}"#).oidc == OIDCToken(idToken: "t", scope: "s"))
    }

    @Test func repeatedArraysReuseGoSliceElements() throws {
        // Go decodes the second array into the first one's elements without zeroing them.
        let merged = try header(#"{"for":[{"id":"a","type":1}],"for":[{"id":"b"}]}"#)
        #expect(merged.forList == [Addressee(id: "b", type: 1)])
        let stale = try header(#"{"for":[{"id":"a","type":1},{"id":"x","type":3}],"for":[{"id":"b"}],"for":[{},{}]}"#)
        #expect(stale.forList == [Addressee(id: "b", type: 1), Addressee(id: "x", type: 3)])
        #expect(
            try header(#"{"for":[{"id":"a","type":1}],"for":[],"for":[{}]}"#).forList == [Addressee(id: "", type: 0)])
        #expect(try header(#"{"for":[null]}"#).forList == [Addressee(id: "", type: 0)])
    }

    @Test func unknownKeysAreIgnoredWhateverTheirValue() throws {
        let message = try decodeClient(
            #"{"op":11,"x":{"a":[1,2,{"b":null}],"c":"\u00e9\n"},"y":-1.5e-3,"z":true,"w":[[],{}]}"#)
        #expect(message == .pulse(.init()))
    }

    @Test func typeMismatchesAreRefused() {
        #expect(refused(#"{"op":"1"}"#))
        #expect(refused(#"{"id":1}"#))
        #expect(refused(#"{"for":{}}"#))
        #expect(refused(#"{"for":[1]}"#))
        #expect(refused(#"{"for":[{"type":"1"}]}"#))
        #expect(refused(#"{"fornotself":1}"#))
        #expect(refused(#"{"fornotself":"true"}"#))
        #expect(refused(#"{"oidc":[]}"#))
        #expect(refused(#"{"oidc":{"expires_in":-1}}"#))
        #expect(refused(#"{"datalen":true}"#))
    }

    @Test func integersFollowStrconv() throws {
        #expect(refused(#"{"op":1.0}"#))
        #expect(refused(#"{"op":1e0}"#))
        #expect(refused(#"{"op":-1}"#))
        #expect(refused(#"{"op":-0}"#))  // ParseUint takes no sign
        #expect(refused(#"{"op":256}"#))
        #expect(try header(#"{"op":255}"#).op == 255)
        #expect(refused(#"{"datasum":-1}"#))
        #expect(try header(#"{"datasum":18446744073709551615}"#).dataSum == .max)
        #expect(refused(#"{"datasum":18446744073709551616}"#))
        #expect(try header(#"{"datalen":-0}"#).dataLen == 0)
        #expect(try header(#"{"datalen":-9223372036854775808}"#).dataLen == .min)
        #expect(refused(#"{"datalen":9223372036854775808}"#))
        #expect(refused(#"{"for":[{"id":"a","type":128}]}"#))
        #expect(try header(#"{"for":[{"id":"a","type":-128}]}"#).forList == [Addressee(id: "a", type: -128)])
        #expect(refused(#"{"datalen":01}"#))
        #expect(refused(#"{"datalen":+1}"#))
    }

    @Test func syntaxIsStrict() {
        #expect(refused(#"{"op":12}xx"#))
        #expect(refused(#"{"op":12} {}"#))
        #expect(refused(#"{"op":12,}"#))
        #expect(refused(#"{'op':12}"#))
        #expect(refused(#"{"op":12"#))
        #expect(refused(#"{op:12}"#))
        #expect(refused("{\"id\":\"a\u{01}b\"}"))  // raw control character in a string
        #expect(refused(#"{"id":"\x"}"#))
        #expect(refused(#"{"id":"\u12"}"#))
        #expect(refused(#"{"x":tru}"#))
        #expect(refused(#"{"x":1.}"#))
        #expect(refused(#"{"x":.5}"#))
        #expect(refused(#"{"x":[1,]}"#))
        #expect((try? header(" \t\r\n{\"op\":12} \n")) != nil)
    }

    @Test func nestingLimitIsGos() throws {
        // Go allows 10000 levels including the top-level object.
        let ok = #"{"x":"# + String(repeating: "[", count: 9999) + String(repeating: "]", count: 9999) + "}"
        #expect((try? header(ok)) != nil)
        let deep = #"{"x":"# + String(repeating: "[", count: 10000) + String(repeating: "]", count: 10000) + "}"
        #expect(refused(deep))
    }

    @Test func stringsAreUnquotedAsGoDoes() throws {
        #expect(try header(#"{"id":"\ud83d\ude00 \u00e9\/\"\\\b\f\n\r\t"}"#).id == "😀 é/\"\\\u{8}\u{c}\n\r\t")
        // Lone surrogates become U+FFFD; the escape after a bad high surrogate stands alone.
        #expect(try header(#"{"id":"\ud800x"}"#).id == "\u{FFFD}x")
        #expect(try header(#"{"id":"\udc00"}"#).id == "\u{FFFD}")
        #expect(try header(#"{"id":"\ud800\u0041"}"#).id == "\u{FFFD}A")
        // Each invalid byte becomes one U+FFFD (Swift's decoder would merge E2 82).
        var bytes = Array(#"{"id":"a"#.utf8) + [0xE2, 0x82] + Array(#"b"}"#.utf8)
        let id = try bytes.withUnsafeMutableBytes { try ClientHeader.unmarshal(UnsafeRawBufferPointer($0)).id }
        #expect(id == "a\u{FFFD}\u{FFFD}b")
        bytes = Array(#"{"id":"\u00e9"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let escaped = try bytes.withUnsafeMutableBytes { try ClientHeader.unmarshal(UnsafeRawBufferPointer($0)).id }
        #expect(escaped == "é\u{FFFD}")
    }

    @Test func missingOpIsThirteenAndRejected() throws {
        #expect(try header(#"{"id":"1"}"#).op == ClientHeader.missingOp)
        #expect(try header("null").op == ClientHeader.missingOp)
        #expect(throws: QuitReason.invalidHeader) { try decodeClient(#"{"id":"1"}"#) }
    }

    @Test func serverHeadersDecodeCaseInsensitivelyToo() throws {
        let message = try ServerMessage.decode(
            json: ArraySlice(#"{"OP":"ack","ID":"c1","MsgId":"0000000000000001"}"#.utf8))
        #expect(message == .ack(.init(id: "c1", msgID: "0000000000000001")))
        #expect(throws: QuitReason.invalidHeader) { try ServerMessage.decode(json: ArraySlice(#"{"op":"nope"}"#.utf8)) }
        #expect(throws: QuitReason.invalidHeader) { try ServerMessage.decode(json: ArraySlice(#"{"id":"x"}"#.utf8)) }
        #expect(throws: QuitReason.invalidHeader) {
            try ServerMessage.decode(json: ArraySlice(#"{"op":"delivery","from":"a","posted":"p","datalen":1}"#.utf8))
        }
        #expect(throws: QuitReason.invalidHeader) {
            try ServerMessage.decode(
                json: ArraySlice(#"{"op":"delivery","id":"i","from":"a","posted":"p","datalen":-1}"#.utf8))
        }
        let tmtprev = try ServerMessage.decode(
            json: ArraySlice(#"{"auth":2,"authby":[{"name":"x","url":"u"}],"id":"1","name":"n","op":"tmtprev"}"#.utf8))
        guard case .tmtprev(let rev) = tmtprev else {
            Issue.record("not tmtprev")
            return
        }
        #expect(rev.auth == .number("2"))
        #expect(
            tmtprev.headerJSON()
                == Array(#"{"auth":2,"authby":[{"name":"x","url":"u"}],"id":"1","name":"n","op":"tmtprev"}"#.utf8))
    }
}
