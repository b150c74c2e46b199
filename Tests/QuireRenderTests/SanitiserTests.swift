import Testing

@testable import QuireRender

@Suite struct SanitiserTests {
    @Test func keepsPlainTextUnchanged() {
        #expect(Sanitiser.sanitise("hello\tworld\n").string == "hello\tworld\n")
        #expect(Sanitiser.sanitise("日本語 é 👍🏽").string == "日本語 é 👍🏽")
    }

    @Test func dropsControlSequences() {
        #expect(Sanitiser.sanitise("a\u{1B}[31mred\u{1B}[0m b").string == "ared b")
        #expect(Sanitiser.sanitise("x\u{1B}]52;c;ZXZpbA==\u{07}y").string == "xy")
        #expect(Sanitiser.sanitise("x\u{1B}]0;title\u{1B}\\y").string == "xy")
        #expect(Sanitiser.sanitise("x\u{9B}2Jy").string == "xy")
        #expect(Sanitiser.sanitise("x\u{1B}cy").string == "xy")
        #expect(Sanitiser.sanitise("x\u{1B}(By").string == "xy")
        #expect(Sanitiser.sanitise("x\r\u{7F}\u{85}y").string == "xy")
    }

    @Test func unterminatedStringEndsAtLineEnd() {
        #expect(Sanitiser.sanitise("a\u{1B}]8;;http://evil\nb").string == "a\nb")
    }

    @Test func marksBidiAndInvisibleCharacters() {
        #expect(Sanitiser.sanitise("a\u{202E}b").string == "a<U+202E>b")
        #expect(Sanitiser.sanitise("pay\u{200B}pal").string == "pay<U+200B>pal")
        #expect(Sanitiser.sanitise("pa\u{200D}y").string == "pa<U+200D>y")
        #expect(Sanitiser.sanitise("👩\u{200D}💻").string == "👩\u{200D}💻")
    }

    /// The eight-bytes-at-once check behind the sanitiser's fast path, for every byte value in
    /// every position.
    @Test func wordCheckFindsEveryByteOutsidePrintableASCII() {
        var wrong: [(UInt8, Int)] = []
        for value in UInt8.min...UInt8.max {
            for position in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[position] = value
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                if UTF8Bytes.isPrintableASCII(word) != (0x20...0x7E).contains(value) { wrong.append((value, position)) }
            }
        }
        #expect(wrong.isEmpty)
    }
}
