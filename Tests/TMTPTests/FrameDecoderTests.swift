import Testing

@testable import TMTP

@Suite("Frame decoder")
struct FrameDecoderTests {
    static func randomString(_ rng: inout SplitMix64, nonEmpty: Bool = true) -> String {
        let pool: [String] = [
            "a", "Z", "9", "%", "+", " ", "<", ">", "&", "\"", "\\", "\n", "é", "東", "😀", "\u{2028}", "\t",
        ]
        let length = Int.random(in: (nonEmpty ? 1 : 0)...12, using: &rng)
        return (0..<length).map { _ in pool.randomElement(using: &rng) ?? "a" }.joined()
    }

    static func randomRecipients(_ rng: inout SplitMix64, typed: Bool) -> [Addressee] {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            Addressee(id: randomString(&rng), type: typed ? Int8.random(in: 1...3, using: &rng) : 0)
        }
    }

    /// A random valid client message and its data.
    static func randomClientMessage(_ rng: inout SplitMix64) -> (ClientMessage, [UInt8]) {
        let id = randomString(&rng)
        let dataLength = Int64.random(in: 1...3000, using: &rng)
        let data = (0..<dataLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
        switch Int.random(in: 0...12, using: &rng) {
        case 0: return (.tmtpRev(.init(id: id)), [])
        case 1:
            let oidc =
                Bool.random(using: &rng)
                ? OIDCToken(tokenType: "Bearer", expiresIn: 3600, idToken: randomString(&rng)) : nil
            return (.register(.init(newNode: randomString(&rng), newAlias: randomString(&rng), oidc: oidc)), [])
        case 2: return (.login(.init(uid: randomString(&rng), node: randomString(&rng))), [])
        case 3: return (.userEdit(.init(id: id, newAlias: randomString(&rng))), [])
        case 4:
            var recipients = randomRecipients(&rng, typed: false)
            recipients.append(Addressee(id: "U", type: 0))
            return (.ohiEdit(.init(id: id, recipients: recipients, type: "add")), [])
        case 5:
            let text = Array(randomString(&rng).utf8)
            return (
                .groupInvite(
                    .init(
                        id: id, gid: randomString(&rng), from: randomString(&rng), to: randomString(&rng),
                        dataLength: Int64(text.count))), text
            )
        case 6: return (.groupEdit(.init(id: id, gid: randomString(&rng), act: "drop", to: randomString(&rng))), [])
        case 7:
            return (
                .post(
                    .init(
                        id: id, recipients: randomRecipients(&rng, typed: true), dataLength: dataLength,
                        dataHead: Int64.random(in: 0...dataLength, using: &rng),
                        dataSum: UInt64.random(in: 0...UInt64.max, using: &rng))),
                data
            )
        case 8:
            let noteLength = Int64.random(in: 1...dataLength, using: &rng)
            return (
                .postNotify(
                    .init(
                        id: id, recipients: randomRecipients(&rng, typed: true),
                        noteRecipients: randomRecipients(&rng, typed: true), noteLength: noteLength,
                        noteHead: Int64.random(in: 0...noteLength, using: &rng), noteSum: 7,
                        forNotSelf: Bool.random(using: &rng), dataLength: dataLength)), data
            )
        case 9:
            let text = Array(randomString(&rng, nonEmpty: false).utf8)
            return (
                .ping(.init(id: id, from: randomString(&rng), to: randomString(&rng), dataLength: Int64(text.count))),
                text
            )
        case 10: return (.ack(.init(id: id, type: randomString(&rng))), [])
        case 11: return (.pulse(.init()), [])
        default: return (.quit(.init()), [])
        }
    }

    static func randomServerMessage(_ rng: inout SplitMix64) -> (ServerMessage, [UInt8]) {
        let dataLength = Int64.random(in: 0...3000, using: &rng)
        let data = (0..<dataLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let std = ServerMessage.Std(
            from: randomString(&rng), id: MessageID(UInt64.random(in: 0...UInt64.max, using: &rng)).description,
            posted: PostedTime.format(millisecondsSince1970: Int64.random(in: 0...4_000_000_000_000, using: &rng)),
            dataLength: dataLength,
            dataHead: Bool.random(using: &rng) ? Int64.random(in: 0...dataLength, using: &rng) : nil,
            dataSum: Bool.random(using: &rng) ? UInt64.random(in: 1...UInt64.max, using: &rng) : nil)
        var withSum = std
        withSum.headsum = nil
        let message: ServerMessage
        var payload = data
        switch Int.random(in: 0...13, using: &rng) {
        case 0: message = .tmtprev(.init(name: randomString(&rng)))
        case 1:
            message = .registered(.init(uid: randomString(&rng), nodeID: randomString(&rng), error: randomString(&rng)))
        case 2: message = .info(.init(ohi: [randomString(&rng), randomString(&rng)]))
        case 3: message = .login(.init(std: std))
        case 4: message = .user(.init(std: std, newNode: randomString(&rng), nodeID: randomString(&rng)))
        case 5: message = .ohiedit(.init(std: std, recipients: randomRecipients(&rng, typed: false), type: "drop"))
        case 6: message = .ohi(.init(from: randomString(&rng), status: 2))
        case 7:
            message = .invite(
                .init(std: std, gid: randomString(&rng), alias: randomString(&rng), to: randomString(&rng)))
        case 8: message = .member(.init(std: std, act: "alias", gid: randomString(&rng), alias: "a", newAlias: "b"))
        case 9: message = .delivery(.init(std: std, notify: Bool.random(using: &rng) ? 3 : nil))
        case 10: message = .notify(.init(std: std, postID: MessageID(42).description))
        case 11: message = .ping(.init(std: std, alias: randomString(&rng), to: randomString(&rng)))
        case 12: message = .ack(.init(id: randomString(&rng), msgID: "0000000000000001", posted: std.posted))
        default: message = .quit(.dataNotUTF8)
        }
        if message.std == nil { payload = [] }
        return (message, payload)
    }

    /// The decoded form of an encoded message: std messages come back with their headsum.
    static func withHeadsum(_ message: ServerMessage) -> ServerMessage {
        let sum = message.computedHeadsum()
        switch message {
        case .login(var m): m.std.headsum = sum; return .login(m)
        case .user(var m): m.std.headsum = sum; return .user(m)
        case .ohiedit(var m): m.std.headsum = sum; return .ohiedit(m)
        case .invite(var m): m.std.headsum = sum; return .invite(m)
        case .member(var m): m.std.headsum = sum; return .member(m)
        case .delivery(var m): m.std.headsum = sum; return .delivery(m)
        case .notify(var m): m.std.headsum = sum; return .notify(m)
        case .ping(var m): m.std.headsum = sum; return .ping(m)
        default: return message
        }
    }

    static func randomSlices(_ rng: inout SplitMix64) -> [Int] {
        (0..<Int.random(in: 1...16, using: &rng)).map { _ in
            Bool.random(using: &rng) ? Int.random(in: 1...5, using: &rng) : Int.random(in: 1...700, using: &rng)
        }
    }

    @Test func clientMessagesSplitAnywhereComeOutEqual() throws {
        var rng = SplitMix64(seed: 0xC11E_17)
        for _ in 0..<60 {
            let messages = (0..<Int.random(in: 1...12, using: &rng)).map { _ in Self.randomClientMessage(&rng) }
            var stream: [UInt8] = []
            for (message, data) in messages {
                stream += try message.frame() + data
            }
            let chunk = Int.random(in: 1...512, using: &rng)
            let decoded = try decodeAll(
                ClientMessage.self, stream, slices: Self.randomSlices(&rng), maxDataChunk: chunk)
            try #require(decoded.count == messages.count)
            for (got, want) in zip(decoded, messages) {
                #expect(got.0 == want.0)
                #expect(got.1 == want.1)
            }
        }
    }

    @Test func serverMessagesSplitAnywhereComeOutEqual() throws {
        var rng = SplitMix64(seed: 0x5E_4E4)
        for _ in 0..<60 {
            let messages = (0..<Int.random(in: 1...12, using: &rng)).map { _ in Self.randomServerMessage(&rng) }
            var stream: [UInt8] = []
            for (message, data) in messages {
                stream += try message.frame() + data
            }
            let decoded = try decodeAll(ServerMessage.self, stream, slices: Self.randomSlices(&rng), maxDataChunk: 100)
            try #require(decoded.count == messages.count)
            for (got, want) in zip(decoded, messages) {
                #expect(got.0 == Self.withHeadsum(want.0))
                #expect(got.0.std == nil || got.0.verifyHeadsum())
                #expect(got.1 == want.1)
            }
        }
    }

    @Test func everySplitPointOfOneFrame() throws {
        let frame = frameBytes(#"{"op":9,"id":"p","from":"a","to":"b","datalen":5}"#, data: Array("hello".utf8))
        for cut in 1..<frame.count {
            var decoder = FrameDecoder<ClientMessage>()
            var events: [FrameEvent<ClientMessage>] = []
            decoder.append(frame[..<cut])
            while let event = try decoder.next() { events.append(event) }
            decoder.append(frame[cut...])
            while let event = try decoder.next() { events.append(event) }
            let body = events.compactMap { event -> [UInt8]? in
                if case .body(let chunk) = event { return Array(chunk) }
                return nil
            }
            #expect(body.joined().elementsEqual("hello".utf8))
            #expect(events.first == .head(.ping(.init(id: "p", from: "a", to: "b", dataLength: 5))))
            #expect(events.last == .end)
        }
    }

    @Test func largeDataIsStreamedNotBuffered() throws {
        // A 3 GB post: the decoder hands out chunks and never holds more than one append.
        let length: Int64 = 3_000_000_000
        var decoder = FrameDecoder<ClientMessage>(maxDataChunk: 65536)
        decoder.append(frameBytes(#"{"op":7,"id":"big","for":[],"datalen":\#(length)}"#))
        #expect(try decoder.next() == .head(.post(.init(id: "big", recipients: [], dataLength: length))))
        let block = [UInt8](repeating: 0x61, count: 1 << 20)
        var received: Int64 = 0
        var sentBlocks = 0
        // Feed only part of the data (the rest would take too long), checking the buffer stays bounded.
        while sentBlocks < 64 {
            decoder.append(block)
            sentBlocks += 1
            while let event = try decoder.next() {
                guard case .body(let chunk) = event else {
                    Issue.record("unexpected \(event)")
                    return
                }
                #expect(chunk.count <= 65536)
                received += Int64(chunk.count)
            }
            #expect(decoder.bufferedByteCount == 0)
        }
        #expect(received == Int64(sentBlocks) << 20)
        #expect(decoder.isInsideFrame)
    }

    /// Releasing spare capacity between reads never loses bytes: not a partial header, not the
    /// rest of a frame's data, and chunks already handed out keep their bytes.
    @Test func releasingSpareCapacityKeepsEverythingUnread() throws {
        var decoder = FrameDecoder<ClientMessage>(maxDataChunk: 65536)
        let data = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        let big = frameBytes(#"{"op":7,"id":"big","for":[],"datalen":20000}"#) + data
        let next = frameBytes(#"{"op":11}"#)
        decoder.append(big + next.prefix(5))
        var events: [FrameEvent<ClientMessage>] = []
        while let event = try decoder.next() { events.append(event) }
        decoder.releaseSpareCapacity()
        #expect(events.count == 3)
        #expect(events[1] == .body(ArraySlice(data)))
        #expect(decoder.bufferedByteCount == 5)
        decoder.append(next.dropFirst(5))
        decoder.releaseSpareCapacity()
        #expect(try decoder.next() == .head(.pulse(.init())))
        #expect(try decoder.next() == .end)
        decoder.releaseSpareCapacity()
        #expect(decoder.bufferedByteCount == 0)
        decoder.append(next)
        #expect(try decoder.next() == .head(.pulse(.init())))
    }

    @Test func headerLengthIsHexInEitherCase() throws {
        let json = #"{"op":11,"x":"01234567890"}"#  // 27 = 0x1b
        #expect(json.utf8.count == 0x1b)
        for prefix in ["001b", "001B"] {
            let frames = try decodeAll(ClientMessage.self, Array(prefix.utf8) + Array(json.utf8))
            #expect(frames.map(\.0) == [.pulse(.init())])
        }
    }

    @Test func shortOrBadLengthPrefixIsInvalidHeaderLength() {
        #expect(clientDecodeErrorRaw("0007{\"op\":1}") == .invalidHeaderLength)
        #expect(clientDecodeErrorRaw(#"00z1{"Op":3, "Uid":"noone"}"#) == .invalidHeaderLength)
        #expect(clientDecodeErrorRaw("0000{\"op\":12}") == .invalidHeaderLength)
        #expect(clientDecodeErrorRaw("+009{\"op\":12}") == .invalidHeaderLength)
        #expect(clientDecodeErrorRaw("-009{\"op\":12}") == .invalidHeaderLength)
    }

    @Test func nothingIsJudgedBeforeTwelveBytes() throws {
        var decoder = FrameDecoder<ClientMessage>()
        decoder.append(Array("0007{\"op\":1".utf8))  // 11 bytes
        #expect(try decoder.next() == nil)
        decoder.append([UInt8(ascii: "}")])
        #expect(throws: QuitReason.invalidHeaderLength) { try decoder.next() }
        // A failed decoder stays failed.
        #expect(throws: QuitReason.invalidHeaderLength) { try decoder.next() }
    }

    @Test func largestHeaderIsAccepted() throws {
        let padding = String(repeating: "x", count: 65535 - #"{"op":11,"pad":""}"#.utf8.count)
        let json = #"{"op":11,"pad":"\#(padding)"}"#
        #expect(json.utf8.count == 65535)
        let bytes = Array("ffff".utf8) + Array(json.utf8)
        var decoder = FrameDecoder<ClientMessage>()
        decoder.append(bytes.dropLast())
        #expect(try decoder.next() == nil)
        decoder.append(bytes.suffix(1))
        #expect(try decoder.next() == .head(.pulse(.init())))
        #expect(try decoder.next() == .end)
        #expect(try decoder.next() == nil)
    }

    @Test func encoderRefusesHeadersOver65535Bytes() throws {
        #expect(throws: FrameEncoder.HeaderTooLong(length: 65536)) {
            try FrameEncoder.frame(header: [UInt8](repeating: 0x20, count: 65536))
        }
        let frame = try FrameEncoder.frame(header: [UInt8](repeating: 0x20, count: 0xABC))
        #expect(Array(frame.prefix(4)) == Array("0abc".utf8))
    }

    @Test func pipelinedFramesDecodeInOrder() throws {
        let stream =
            frameBytes(#"{"op":2,"uid":"U","node":"N"}"#)
            + frameBytes(#"{"op":9,"id":"c1","from":"a","to":"b","datalen":2}"#, data: [0x68, 0x69])
            + frameBytes(#"{"op":11}"#)
        let frames = try decodeAll(ClientMessage.self, stream)
        #expect(frames.map(\.0.op) == [.login, .ping, .pulse])
        #expect(frames[1].1 == [0x68, 0x69])
    }
}

func clientDecodeErrorRaw(_ raw: String) -> QuitReason? {
    do {
        _ = try decodeAll(ClientMessage.self, Array(raw.utf8))
        return nil
    } catch {
        return error
    }
}
