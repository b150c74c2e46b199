/// Base32 with mnm's vowel-free alphabet and standard `=` padding (Go `base32.NewEncoding`).
public enum MnmBase32 {
    public static let alphabet: [UInt8] = Array("%+123456789BCDFGHJKLMNPQRSTVWXYZ".utf8)

    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { map[Int(symbol)] = UInt8(value) }
        return map
    }()

    public struct CorruptInput: Error, Sendable, Equatable {
        /// Offset of the offending character, as Go's `CorruptInputError`.
        public let offset: Int
    }

    /// `EncodeToString`: padded to a multiple of 8 characters.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 4) / 5 * 8)
        var index = 0
        while index < input.count {
            let chunk = min(5, input.count - index)
            var block: UInt64 = 0
            for offset in 0..<5 {
                block = block << 8 | UInt64(offset < chunk ? input[index + offset] : 0)
            }
            let symbols = [0, 2, 4, 5, 7, 8][chunk]
            for position in 0..<8 {
                let value = Int((block >> UInt64(35 - 5 * position)) & 0x1F)
                out.append(position < symbols ? alphabet[value] : UInt8(ascii: "="))
            }
            index += chunk
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `DecodeString`, with Go's rules: `\r` and `\n` are ignored, input must be whole padded
    /// 8-character quanta, padding lengths 1, 3, 4, 6 only.
    public static func decode(_ text: String) throws(CorruptInput) -> [UInt8] {
        let source = Array(text.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        var out: [UInt8] = []
        out.reserveCapacity(source.count * 5 / 8)
        var position = 0
        while position < source.count {
            var quantum = [UInt8](repeating: 0, count: 8)
            var length = 8
            var finished = false
            var j = 0
            while j < 8 {
                guard position < source.count else { throw CorruptInput(offset: position - j) }
                let symbol = source[position]
                position += 1
                if symbol == UInt8(ascii: "=") && j >= 2 && source.count - position < 8 {
                    let remaining = source.count - position
                    guard remaining + j >= 7 else { throw CorruptInput(offset: source.count) }
                    for k in 0..<(7 - j) where k < remaining && source[position + k] != UInt8(ascii: "=") {
                        throw CorruptInput(offset: position + k - 1)
                    }
                    guard j != 1 && j != 3 && j != 6 else { throw CorruptInput(offset: position - 1) }
                    length = j
                    finished = true
                    break
                }
                let value = decodeMap[Int(symbol)]
                guard value != 0xFF else { throw CorruptInput(offset: position - 1) }
                quantum[j] = value
                j += 1
            }
            var block: UInt64 = 0
            for value in quantum { block = block << 5 | UInt64(value) }
            let byteCount = [0, 0, 1, 0, 2, 3, 0, 4, 5][length]
            for offset in 0..<byteCount { out.append(UInt8(truncatingIfNeeded: block >> UInt64(32 - 8 * offset))) }
            if finished { break }
        }
        return out
    }

    /// Login's `node`: `.corruptBase32` when it does not decode.
    public static func decodeNode(_ text: String) throws(QuitReason) -> [UInt8] {
        do {
            return try decode(text)
        } catch {
            throw .corruptBase32
        }
    }
}
