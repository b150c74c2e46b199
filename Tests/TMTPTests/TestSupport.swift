import Foundation
import Testing

@testable import TMTP

/// Reproducible randomness for property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One frame of the reference transcript.
struct ReferenceFrame {
    let connection: String
    let fromClient: Bool
    let bytes: [UInt8]

    var headerLength: Int { FrameDecoder<ClientMessage>.headerLength(bytes[0..<4]) }
    var headerJSON: [UInt8] { Array(bytes[4..<(4 + headerLength)]) }
    var data: [UInt8] { Array(bytes[(4 + headerLength)...]) }

    static func loadAll() throws -> [ReferenceFrame] {
        let url = try #require(
            Bundle.module.url(forResource: "reference-frames", withExtension: "jsonl", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            let object = try #require(parsed)
            let base64 = try #require(object["frame_b64"])
            let bytes = try #require(Data(base64Encoded: base64))
            return ReferenceFrame(
                connection: object["conn"] ?? "", fromClient: object["dir"] == "client->server", bytes: Array(bytes))
        }
    }
}

/// Decodes a whole byte stream into (header, data) pairs, with input fed in the given slices.
func decodeAll<Header: FrameHeader>(
    _ type: Header.Type, _ bytes: [UInt8], slices: [Int]? = nil, maxDataChunk: Int = 65536
) throws(QuitReason) -> [(Header, [UInt8])] {
    var decoder = FrameDecoder<Header>(maxDataChunk: maxDataChunk)
    var frames: [(Header, [UInt8])] = []
    var current: Header?
    var data: [UInt8] = []
    var offset = 0
    var cuts = slices ?? [bytes.count]
    if cuts.isEmpty { cuts = [bytes.count] }
    var cutIndex = 0
    while offset < bytes.count || cutIndex == 0 {
        let size = min(cuts[cutIndex % cuts.count], bytes.count - offset)
        decoder.append(bytes[offset..<(offset + size)])
        offset += size
        cutIndex += 1
        while let event = try decoder.next() {
            switch event {
            case .head(let header):
                current = header
                data = []
            case .body(let chunk):
                #expect(chunk.count <= maxDataChunk)
                data.append(contentsOf: chunk)
            case .end:
                if let current { frames.append((current, data)) }
                current = nil
            }
        }
        if bytes.isEmpty { break }
    }
    return frames
}

/// The frame bytes for a header JSON text plus data.
func frameBytes(_ json: String, data: [UInt8] = []) -> [UInt8] {
    let header = Array(json.utf8)
    let prefix = String(header.count, radix: 16)
    return Array((String(repeating: "0", count: 4 - prefix.count) + prefix).utf8) + header + data
}

/// The quit reason a single client frame produces through decode + op checks, or nil.
func clientDecodeError(_ json: String, data: [UInt8] = []) -> QuitReason? {
    do {
        _ = try decodeAll(ClientMessage.self, frameBytes(json, data: data))
        return nil
    } catch {
        return error
    }
}

func decodeClient(_ json: String) throws(QuitReason) -> ClientMessage {
    try ClientMessage.decode(json: ArraySlice(json.utf8))
}
