import Foundation
import Testing

@testable import TMTP

@Suite("Reference transcript")
struct FixtureTests {
    let frames: [ReferenceFrame]

    init() throws {
        frames = try ReferenceFrame.loadAll()
    }

    @Test func fixtureHasBothDirections() {
        #expect(frames.count == 77)
        #expect(frames.contains { $0.fromClient })
        #expect(frames.contains { !$0.fromClient })
    }

    @Test func everyClientFrameDecodesAndReencodesByteForByte() throws {
        for frame in frames where frame.fromClient {
            let decoded = try decodeAll(ClientMessage.self, frame.bytes)
            try #require(decoded.count == 1, "\(String(decoding: frame.headerJSON, as: UTF8.self))")
            let (message, data) = decoded[0]
            #expect(data == frame.data)
            #expect(message.dataLength == Int64(frame.data.count))
            #expect(
                message.headerJSON() == frame.headerJSON,
                "\(String(decoding: message.headerJSON(), as: UTF8.self)) vs \(String(decoding: frame.headerJSON, as: UTF8.self))"
            )
            #expect(try message.frame() + data == frame.bytes)
        }
    }

    @Test func everyServerFrameDecodesAndReencodesByteForByte() throws {
        for frame in frames where !frame.fromClient {
            let decoded = try decodeAll(ServerMessage.self, frame.bytes)
            try #require(decoded.count == 1)
            let (message, data) = decoded[0]
            #expect(data == frame.data)
            #expect(
                message.headerJSON() == frame.headerJSON,
                "\(String(decoding: message.headerJSON(), as: UTF8.self)) vs \(String(decoding: frame.headerJSON, as: UTF8.self))"
            )
        }
    }

    @Test func everyServerHeadsumVerifies() throws {
        var checked = 0
        for frame in frames where !frame.fromClient {
            let decoded = try decodeAll(ServerMessage.self, frame.bytes)
            let (message, _) = try #require(decoded.first)
            guard let std = message.std else {
                #expect(!frame.headerJSON.contains(contentsOf: Array("headsum".utf8)))
                continue
            }
            #expect(std.headsum != nil)
            #expect(message.verifyHeadsum())
            #expect(Headsum.verify(headerJSON: frame.headerJSON))
            #expect(message.computedHeadsum() == std.headsum)
            checked += 1
        }
        #expect(checked == 7)
    }

    @Test func transcriptDecodesToTheExpectedTypes() throws {
        let client = try frames.filter(\.fromClient).flatMap { try decodeAll(ClientMessage.self, $0.bytes).map(\.0) }
        let server = try frames.filter { !$0.fromClient }.flatMap {
            try decodeAll(ServerMessage.self, $0.bytes).map(\.0)
        }
        #expect(client[0] == .tmtpRev(.init(id: "1")))
        #expect(client[1] == .register(.init(newNode: "nodeA", newAlias: "alice-7fe3aa")))
        #expect(client.contains(.quit(.init())))
        #expect(
            client.contains(
                .post(
                    .init(
                        id: "c2", recipients: [Addressee(id: "MPYLFN+SGK8C%DV9S93JB8SSNWLDX4NY", kind: .user)],
                        dataLength: 84, dataHead: 60, dataSum: 4_162_817_592))))
        #expect(
            client.contains(
                .ohiEdit(.init(id: "c5", uids: ["MPYLFN+SGK8C%DV9S93JB8SSNWLDX4NY"], kind: .initialize))))
        #expect(client.contains(.ack(.init(id: "18ec76973fd89b53", type: "ok"))))
        #expect(client.contains(.register(.init(newNode: "node1", newAlias: "zoë <&> ünïcode f96a"))))
        #expect(client.contains(.register(.init(newNode: "node1", newAlias: "東京の友達 f96a"))))

        #expect(server[0] == .tmtprev(.init(id: "1", name: "mnm-local-18822")))
        #expect(server.contains(.info(.init(info: "login ok"))))
        #expect(server.contains(.quit(QuitReason.logoutOK)))
        #expect(server.contains(.ohi(.init(from: "ZFFBXHMFYVJW%VH%2JRBC8G1T15KF4H9", status: 1))))
        #expect(server.contains(.ack(.init(id: "c5"))))
        #expect(
            server.contains(
                .ack(.init(id: "c1", msgID: "18ec76973fd89b54", posted: "2026-11-29T08:25:43.972Z"))))
        #expect(
            server.contains(
                .registered(
                    .init(
                        uid: "KXFBDLNT1N+XN77SX+FYH2XXW14C299Y", nodeID: "6JCC68GX6RKMN17KBTN8FZ4JQHW6+1CRPX99HL6Y",
                        error: "newalias must be 8+ characters"))))
        let ping = try #require(
            server.compactMap { message -> ServerMessage.Ping? in
                if case .ping(let ping) = message, ping.alias.hasPrefix("zo") { return ping }
                return nil
            }.first)
        #expect(ping.alias == "zoë <&> ünïcode f96a")
        #expect(ping.to == "東京の友達 f96a")
        #expect(ping.std.headsum == 3_441_968_875)
        #expect(ping.std.dataLength == 46)
        let delivery = try #require(
            server.compactMap { message -> ServerMessage.Delivery? in
                if case .delivery(let delivery) = message, delivery.std.dataSum != nil { return delivery }
                return nil
            }.first)
        #expect(delivery.std.dataHead == 60)
        #expect(delivery.std.dataSum == 4_162_817_592)
        #expect(delivery.std.headsum == 2_750_112_885)
        let login = try #require(
            server.compactMap { message -> ServerMessage.Login? in
                if case .login(let login) = message { return login }
                return nil
            }.first)
        #expect(login.node == "tbd")
        #expect(login.std.dataLength == 0)
    }

    @Test func wholeConnectionsDecodeAsOneStream() throws {
        for connection in Set(frames.map(\.connection)) {
            let fromServer = frames.filter { $0.connection == connection && !$0.fromClient }
            let stream = fromServer.flatMap(\.bytes)
            let decoded = try decodeAll(ServerMessage.self, stream, slices: [1, 7, 3, 64])
            #expect(decoded.count == fromServer.count)
            for (pair, frame) in zip(decoded, fromServer) {
                #expect(try pair.0.frame() + pair.1 == frame.bytes)
            }
        }
    }
}

extension Array where Element == UInt8 {
    func contains(contentsOf needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
