import Testing

@testable import TMTP

@Suite("CRC-32C")
struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        #expect(CRC32C.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x2262_0404)
    }

    @Test func seedContinuesLikeGoUpdate() {
        let data = Array("hello, headsum world".utf8)
        for split in 0...data.count {
            let first = CRC32C.checksum(data[..<split])
            #expect(CRC32C.checksum(data[split...], seed: first) == CRC32C.checksum(data))
        }
    }

    @Test func hardwareAndTableAgreeOnRandomBuffers() {
        var rng = SplitMix64(seed: 32)
        for _ in 0..<100 {
            let length =
                Bool.random(using: &rng)
                ? Int.random(in: 0...5000, using: &rng) : Int.random(in: 24_000...120_000, using: &rng)
            let offset = Int.random(in: 0...7, using: &rng)
            let buffer = (0..<(length + offset)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let seed = UInt32.random(in: 0...UInt32.max, using: &rng)
            buffer.withUnsafeBytes { raw in
                let slice = UnsafeRawBufferPointer(rebasing: raw[offset...])
                let table = CRC32C.tableChecksum(slice, seed: seed)
                #expect(CRC32C.checksum(slice, seed: seed) == table)
                if CRC32C.isHardwareAccelerated {
                    #expect(CRC32C.hardwareChecksum(slice, seed: seed) == table)
                }
            }
        }
    }

    @Test func parallelStreamsJoinCorrectly() {
        // Lengths around the 3 x 8192 and 3 x 256 block boundaries of the hardware path.
        var rng = SplitMix64(seed: 3)
        let buffer = (0..<(3 * 8192 * 2 + 1024)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        buffer.withUnsafeBytes { raw in
            for length in [767, 768, 769, 24_575, 24_576, 24_577, 24_576 + 768, 49_152, raw.count] {
                let slice = UnsafeRawBufferPointer(rebasing: raw[..<length])
                #expect(CRC32C.checksum(slice) == CRC32C.tableChecksum(slice), "length \(length)")
            }
        }
    }

    @Test func nonContiguousCollectionsWork() {
        let text = "123456789"
        #expect(CRC32C.checksum(text.utf8) == 0xE306_9283)
        #expect(CRC32C.checksum(Array("123456789".utf8).lazy.map { $0 }) == 0xE306_9283)
    }
}
