import Foundation
import Testing

@testable import TMTP

@Suite("Go JSON encoding and headsum")
struct GoJSONEncodingTests {
    func encoded(_ value: JSONValue) -> String {
        String(decoding: GoJSON.encode(value), as: UTF8.self)
    }

    @Test func stringsAreEscapedTheGoWay() {
        #expect(encoded(.string("<&>")) == #""\u003c\u0026\u003e""#)
        #expect(encoded(.string("a\"b\\c")) == #""a\"b\\c""#)
        #expect(encoded(.string("\n\r\t")) == #""\n\r\t""#)
        #expect(encoded(.string("\u{0}\u{1}\u{8}\u{c}\u{1f}")) == #""\u0000\u0001\u0008\u000c\u001f""#)
        #expect(encoded(.string("\u{2028}x\u{2029}")) == #""\u2028x\u2029""#)
        #expect(encoded(.string("zoë 東京 😀 \u{7f}/")) == "\"zoë 東京 😀 \u{7f}/\"")
    }

    @Test func objectsAreSortedBytewise() {
        let value = JSONValue.object([
            .init("op", .string("x")), .init("Z", .number("1")), .init("a", .null), .init("é", .bool(true)),
            .init("B", .array([.number("2"), .string("s")])),
        ])
        #expect(encoded(value) == #"{"B":[2,"s"],"Z":1,"a":null,"op":"x","é":true}"#)
        let members: [JSONValue.Member] = [
            .init("abcdefghj", .number("3")), .init("abcdefgh", .number("1")), .init("abcdefghi", .number("2")),
            .init("abcdefg", .number("0")), .init("abcdefgh\u{7f}", .number("4")),
        ]
        let expected = "{\"abcdefg\":0,\"abcdefgh\":1,\"abcdefghi\":2,\"abcdefghj\":3,\"abcdefgh\u{7f}\":4}"
        #expect(encoded(.object(members)) == expected)
        #expect(String(decoding: GoJSON.encodeObject(members), as: UTF8.self) == expected)
    }

    @Test func parsedValuesRoundTrip() throws {
        let text = #"{"b":[1,-2.5e3,true,false,null,{"y":"\u003c","x":{}}],"a":"\u00e9"}"#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["a"] == .string("é"))
        #expect(encoded(value) == #"{"a":"é","b":[1,-2.5e3,true,false,null,{"x":{},"y":"\u003c"}]}"#)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array("[1,2".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(String(repeating: "[", count: 600).utf8)) }
    }

    @Test func headsumOfTheNonASCIIPingMatchesTheReference() throws {
        // From the transcript: alias with "ë <&> ü", to in Japanese.
        let std = ServerMessage.Std(
            from: "71YP1+YYFRZ872T3G8B5L38SFH1X3W72", id: "18ec76a29a09e13e", posted: "2026-11-29T08:26:32.542Z",
            dataLength: 46)
        let ping = ServerMessage.ping(.init(std: std, alias: "zoë <&> ünïcode f96a", to: "東京の友達 f96a"))
        #expect(ping.computedHeadsum() == 3_441_968_875)
        let json = String(decoding: ping.headerJSON(), as: UTF8.self)
        #expect(
            json
                == #"{"alias":"zoë \u003c\u0026\u003e ünïcode f96a","datalen":46,"from":"71YP1+YYFRZ872T3G8B5L38SFH1X3W72","headsum":3441968875,"id":"18ec76a29a09e13e","op":"ping","posted":"2026-11-29T08:26:32.542Z","to":"東京の友達 f96a"}"#
        )
    }

    @Test func everyReferenceStdHeaderReencodesAndVerifies() throws {
        let url = try #require(
            Bundle.module.url(forResource: "reference-std-headers", withExtension: "txt", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 45)
        for line in lines {
            let bytes = Array(line.utf8)
            let message = try ServerMessage.decode(json: bytes[...])
            #expect(message.std?.headsum != nil)
            #expect(message.verifyHeadsum(), "\(line)")
            #expect(Headsum.verify(headerJSON: bytes))
            #expect(message.headerJSON() == bytes, "\(line)")
        }
    }

    @Test func tamperedHeadersFailVerification() throws {
        let good = Array(
            #"{"datalen":18,"from":"MPYLFN+SGK8C%DV9S93JB8SSNWLDX4NY","headsum":2641285004,"id":"18ec76973fd89b57","op":"delivery","posted":"2026-11-29T08:25:43.978Z"}"#
                .utf8)
        #expect(Headsum.verify(headerJSON: good))
        let tampered = Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "18,", with: "19,").utf8)
        #expect(!Headsum.verify(headerJSON: tampered))
        let message = try ServerMessage.decode(json: tampered[...])
        #expect(!message.verifyHeadsum())
        #expect(!ServerMessage.ack(.init(id: "x")).verifyHeadsum())
    }

    @Test func ohieditEchoUsesGoFieldNames() throws {
        let std = ServerMessage.Std(
            from: "U", id: "0000000000000001", posted: "2026-11-29T08:25:43.978Z", dataLength: 0)
        let message = ServerMessage.ohiedit(.init(std: std, recipients: [Addressee(id: "V", type: 0)], type: "add"))
        let json = String(decoding: message.headerJSON(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"datalen":0,"for":[{"Id":"V","Type":0}],"from":"U","headsum":"#))
        #expect(try ServerMessage.decode(json: message.headerJSON()[...]).verifyHeadsum())
    }

    @Test func clientHeadersAreASCII() throws {
        let message = ClientMessage.ping(.init(id: "c1", from: "zoë <&>", to: "😀\u{1}", dataLength: 0))
        #expect(
            String(decoding: message.headerJSON(), as: UTF8.self)
                == #"{"op":9,"id":"c1","from":"zo\u00eb <&>","to":"\ud83d\ude00\u0001","datalen":0}"#)
        #expect(try decodeClient(String(decoding: message.headerJSON(), as: UTF8.self)) == message)
        let register = ClientMessage.register(
            .init(newNode: "n", newAlias: "_", oidc: OIDCToken(tokenType: "Bearer", expiresIn: 5, idToken: "jwt")))
        #expect(
            String(decoding: register.headerJSON(), as: UTF8.self)
                == #"{"op":1,"newnode":"n","newalias":"_","oidc":{"token_type":"Bearer","expires_in":5,"access_token":"","id_token":"jwt","refresh_token":"","scope":""}}"#
        )
        #expect(try decodeClient(String(decoding: register.headerJSON(), as: UTF8.self)) == register)
    }
}
