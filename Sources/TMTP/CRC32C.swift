import CCRC32C

/// CRC-32C (Castagnoli), as Go's `crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli))`.
///
/// Uses the CPU's CRC instruction when present (SSE 4.2), else a slicing-by-8 table.
/// `seed` continues a previous checksum, like Go's `crc32.Update(seed, table, data)`.
public enum CRC32C {
    /// True when checksums are computed by the CPU instruction.
    public static let isHardwareAccelerated: Bool = ccrc32c_hardware_available() != 0

    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        if isHardwareAccelerated {
            return hardwareChecksum(bytes, seed: seed)
        }
        return tableChecksum(bytes, seed: seed)
    }

    public static func checksum(_ bytes: some Collection<UInt8>, seed: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), seed: seed) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0, seed: seed) }
    }

    /// The CPU-instruction path; only valid when `isHardwareAccelerated`.
    public static func hardwareChecksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        return ~ccrc32c_hardware_update(~seed, base, bytes.count)
    }

    /// The portable table-driven path (slicing-by-8).
    public static func tableChecksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let tables = SlicingTables.shared
        var crc = ~seed
        var index = 0
        let count = bytes.count
        tables.words.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let low = crc ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian
                let high = bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self).littleEndian
                crc =
                    t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        return ~crc
    }

    /// Eight 256-entry tables in one array: table k advances a byte k positions further.
    private struct SlicingTables: Sendable {
        static let shared = SlicingTables()
        let words: [UInt32]

        init() {
            let polynomial: UInt32 = 0x82F6_3B78
            var words = [UInt32](repeating: 0, count: 8 * 256)
            for byte in 0..<256 {
                var crc = UInt32(byte)
                for _ in 0..<8 {
                    crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
                }
                words[byte] = crc
            }
            for byte in 0..<256 {
                for table in 1..<8 {
                    let previous = words[(table - 1) * 256 + byte]
                    words[table * 256 + byte] = words[Int(previous & 0xFF)] ^ (previous >> 8)
                }
            }
            self.words = words
        }
    }
}
