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
    let wholeEvents = drain(&whole, roundTrips: roundTrips)

    var split = FrameDecoder<Header>(maxDataChunk: 977)
    var splitEvents = Summary()
    for index in bytes.indices {
        split.append(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 1)]))
        splitEvents.merge(drain(&split, roundTrips: roundTrips))
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

    mutating func merge(_ other: Summary) {
        frames += other.frames
        dataBytes += other.dataBytes
        failure = failure ?? other.failure
    }
}

private func drain<Header: FrameHeader>(_ decoder: inout FrameDecoder<Header>, roundTrips: (Header) -> Bool) -> Summary
{
    var summary = Summary()
    var remaining: Int64 = 0
    do {
        while let event = try decoder.next() {
            switch event {
            case .head(let header):
                require(header.dataLength >= 0, "negative datalen")
                require(roundTrips(header), "header does not round-trip: \(header)")
                remaining = header.dataLength
                summary.frames += 1
            case .body(let chunk):
                require(!chunk.isEmpty && chunk.count <= 977, "bad chunk size \(chunk.count)")
                remaining -= Int64(chunk.count)
                summary.dataBytes += chunk.count
            case .end:
                break
            }
        }
        require(remaining >= 0 || decoder.isInsideFrame, "more data than datalen")
    } catch {
        summary.failure = error
    }
    return summary
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        print("tmtp-fuzz: \(message())")
        abort()
    }
}
