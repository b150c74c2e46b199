extension String {
    /// `unit` written `count` times (empty for a count below one), straight into the new
    /// string's storage: rules, borders, bars and indents are made for every line, and the
    /// standard `String(repeating:count:)` builds them append by append.
    init(repeated unit: String, count: Int) {
        var unit = unit
        let total = unit.utf8.count * Swift.max(0, count)
        self = unit.withUTF8 { unitBytes in
            String(unsafeUninitializedCapacity: total) { buffer in
                var offset = 0
                while offset < total {
                    for byte in unitBytes {
                        buffer[offset] = byte
                        offset += 1
                    }
                }
                return total
            }
        }
    }
}
