import Foundation
import Testing

@testable import TMTP

@Suite("Base32, ids, posted times")
struct IdentifierTests {
    @Test func base32RoundTripsEveryLength() throws {
        var rng = SplitMix64(seed: 5)
        for length in 0...41 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = MnmBase32.encode(bytes)
            #expect(text.count % 8 == 0)
            #expect(try MnmBase32.decode(text) == bytes)
        }
        // A 25-byte node id is 40 characters with no padding.
        #expect(MnmBase32.encode([UInt8](repeating: 7, count: 25)).count == 40)
        #expect(MnmBase32.encode([0, 0, 0, 0, 0]) == "%%%%%%%%")
        #expect(MnmBase32.encode([0xFF]) == "ZW======")
    }

    @Test func base32DecodesReferenceNodeIds() throws {
        let node = "JS%CW5Y52WN13V9CB+KPL27PZP8HBV7KB1YL2BJG"
        let bytes = try MnmBase32.decode(node)
        #expect(bytes.count == 25)
        #expect(MnmBase32.encode(bytes) == node)
        let uid = "3S69TRH%WTZSHZ4FVW5H56YS5GHZSQDF"
        #expect(try MnmBase32.decode(uid).count == 20)
    }

    @Test func base32RefusesWhatGoRefuses() throws {
        for bad in [
            "none", "A", "AAAAAAA", "aaaaaaaa", "AAAAAAA=", "A=======", "AAA=====", "AAAAAA==", "AA=A====", "AE======",
        ] {
            #expect((try? MnmBase32.decode(bad)) == nil, "\(bad)")
        }
        #expect(throws: QuitReason.corruptBase32) { try MnmBase32.decodeNode("none") }
        #expect((try? MnmBase32.decode("LB27ML46")) != nil)
        #expect((try? MnmBase32.decode("BB======")) != nil)
        #expect((try? MnmBase32.decode("BBBB====")) != nil)
        #expect((try? MnmBase32.decode("BBBBB===")) != nil)
        #expect((try? MnmBase32.decode("BBBBBBB=")) != nil)
        // Go skips CR and LF.
        #expect(try MnmBase32.decode("LB27\r\nML46") == (try MnmBase32.decode("LB27ML46")))
    }

    @Test func messageIDs() {
        #expect(MessageID(0x18EC_7482_6C69_954E).description == "18ec74826c69954e")
        #expect(MessageID(1).description == "0000000000000001")
        #expect(MessageID("18ec74826c69954e")?.value == 0x18EC_7482_6C69_954E)
        #expect(MessageID("18EC74826C69954E") == nil)
        #expect(MessageID("18ec74826c69954") == nil)
        #expect(MessageID("18ec74826c69954g") == nil)
        #expect(MessageID(5) < MessageID(6))
    }

    @Test func postedTimes() throws {
        #expect(PostedTime.format(millisecondsSince1970: 0) == "1970-01-01T00:00:00.000Z")
        let ms = try #require(PostedTime.parseMilliseconds("2026-11-29T07:49:47.676Z"))
        #expect(PostedTime.format(millisecondsSince1970: ms) == "2026-11-29T07:49:47.676Z")
        #expect(PostedTime.format(millisecondsSince1970: 951_782_400_999) == "2000-02-29T00:00:00.999Z")
        #expect(PostedTime.format(millisecondsSince1970: -1) == "1969-12-31T23:59:59.999Z")
        #expect(PostedTime.parseMilliseconds("2026-11-29T08:49:47.676+01:00") == ms)
        #expect(PostedTime.parseMilliseconds("2026-11-29T07:49:47Z") == nil)
        #expect(PostedTime.parseMilliseconds("2026-02-29T07:49:47.676Z") == nil)
        #expect(PostedTime.parseMilliseconds("2024-02-29T07:49:47.676Z") != nil)
        let date = Date(timeIntervalSince1970: 1_795_938_587.6769)
        #expect(PostedTime.format(date) == "2026-11-29T07:49:47.676Z")
        var rng = SplitMix64(seed: 9)
        for _ in 0..<500 {
            let value = Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &rng)
            #expect(PostedTime.parseMilliseconds(PostedTime.format(millisecondsSince1970: value)) == value)
        }
    }
}
