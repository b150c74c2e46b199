import Foundation
import TMTP

/// Runs one input through both frame decoders, fed whole and then byte by byte, and checks
/// what the decoders promise: the same events either way, data never more than announced,
/// and decoded headers that re-encode to something that decodes to the same value.
func fuzzOneInput(_ bytes: UnsafeRawBufferPointer) {
    exercise(FrameDecoder<ClientMessage>.self, bytes) { message in
        let again = try? ClientMessage.decode(json: message.headerJSON()[...])
        return again == message
    }
    exercise(FrameDecoder<ServerMessage>.self, bytes) { message in
        guard let again = try? ServerMessage.decode(json: message.headerJSON()[...]) else { return false }
        return again.std == nil || again.verifyHeadsum()
    }
    if let value = try? JSONValue.parse(bytes) {
        let reparsed = try? JSONValue.parse(GoJSON.encode(value))
        require(reparsed != nil, "Go-encoded JSON does not parse again")
    }
}

private func exercise<Header: FrameHeader>(
    _ type: FrameDecoder<Header>.Type, _ bytes: UnsafeRawBufferPointer, roundTrips: (Header) -> Bool
) {
    var whole = FrameDecoder<Header>(maxDataChunk: 977)
    whole.append(bytes)
    var wholeEvents = Summary()
    drain(&whole, into: &wholeEvents, roundTrips: roundTrips)

    var split = FrameDecoder<Header>(maxDataChunk: 977)
    var splitEvents = Summary()
    for index in bytes.indices {
        split.append(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 1)]))
        drain(&split, into: &splitEvents, roundTrips: roundTrips)
        if splitEvents.failure != nil { break }
    }
    require(wholeEvents.frames == splitEvents.frames, "split input decoded differently")
    require(wholeEvents.dataBytes == splitEvents.dataBytes, "split input gave different data")
    require(wholeEvents.failure == splitEvents.failure, "split input failed differently")
}

private struct Summary {
    var frames = 0
    var dataBytes = 0
    var failure: QuitReason?
    /// Data still owed to the current frame.
    var remaining: Int64 = 0
}

private func drain<Header: FrameHeader>(
    _ decoder: inout FrameDecoder<Header>, into summary: inout Summary, roundTrips: (Header) -> Bool
) {
    do {
        while let event = try decoder.next() {
            switch event {
            case .head(let header):
                require(header.dataLength >= 0, "negative datalen")
                require(roundTrips(header), "header does not round-trip: \(header)")
                require(summary.remaining == 0, "new frame before the previous one's data")
                summary.remaining = header.dataLength
                summary.frames += 1
            case .body(let chunk):
                require(!chunk.isEmpty && chunk.count <= 977, "bad chunk size \(chunk.count)")
                summary.remaining -= Int64(chunk.count)
                require(summary.remaining >= 0, "more data than datalen")
                summary.dataBytes += chunk.count
            case .end:
                require(summary.remaining == 0, "frame ended before its data")
            }
        }
    } catch {
        summary.failure = error
    }
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("tmtp-fuzz: \(message())\n".utf8))
        abort()
    }
}
