extension FilledForm {
    /// The answers as the store keeps them: each path with its value, in order, in a compact
    /// binary form that reads back without parsing JSON, so a results table of thousands of
    /// rows opens from one query. Paths and texts are UTF-8 with a length before each; numbers
    /// are IEEE doubles, little-endian.
    public var storedBytes: [UInt8] {
        var bytes: [UInt8] = [Self.storedVersion]
        for path in paths {
            guard let value = values[path] else { continue }
            Self.append(length: path.utf8.count, to: &bytes)
            bytes += path.utf8
            Self.append(value, to: &bytes)
        }
        return bytes
    }

    /// Reads answers kept by ``storedBytes``; nil when they are not in that form.
    public init?(storedBytes: some Collection<UInt8>) {
        let form =
            storedBytes.withContiguousStorageIfAvailable(Self.read(stored:))
            ?? Array(storedBytes).withUnsafeBufferPointer(Self.read(stored:))
        guard let form else { return nil }
        self = form
    }

    private static func read(stored bytes: UnsafeBufferPointer<UInt8>) -> FilledForm? {
        var reader = StoredReader(bytes: bytes)
        guard reader.byte() == Self.storedVersion else { return nil }
        var form = FilledForm(values: [:], paths: [])
        while !reader.isAtEnd {
            guard let path = reader.text(), let value = reader.value() else { return nil }
            if form.values.updateValue(value, forKey: path) == nil { form.paths.append(path) }
        }
        return form
    }

    private static let storedVersion: UInt8 = 1

    private static func append(length: Int, to bytes: inout [UInt8]) {
        var rest = UInt64(length)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func append(_ value: FormValue, to bytes: inout [UInt8]) {
        switch value {
        case .text(let text):
            bytes.append(UInt8(ascii: "t"))
            append(length: text.utf8.count, to: &bytes)
            bytes += text.utf8
        case .number(let number):
            bytes.append(UInt8(ascii: "n"))
            let pattern = number.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: pattern >> shift)) }
        case .bool(let flag):
            bytes.append(UInt8(ascii: "b"))
            bytes.append(flag ? 1 : 0)
        case .list(let items):
            bytes.append(UInt8(ascii: "l"))
            append(length: items.count, to: &bytes)
            for item in items { append(item, to: &bytes) }
        }
    }

    /// Walks stored answers; every read is bounds-checked and gives nil on bytes that end early.
    private struct StoredReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func length() -> Int? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result <= UInt64(bytes.count) ? Int(result) : nil }
                shift += 7
                if shift > 56 { return nil }
            }
            return nil
        }

        mutating func text() -> String? {
            guard let count = length(), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
        }

        mutating func value(depth: Int = 0) -> FormValue? {
            guard depth < 32, let tag = byte() else { return nil }
            switch tag {
            case UInt8(ascii: "t"):
                return text().map(FormValue.text)
            case UInt8(ascii: "n"):
                guard bytes.count - offset >= 8 else { return nil }
                var pattern: UInt64 = 0
                for index in 0..<8 { pattern |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
                offset += 8
                return .number(Double(bitPattern: pattern))
            case UInt8(ascii: "b"):
                return byte().map { .bool($0 != 0) }
            case UInt8(ascii: "l"):
                guard let count = length() else { return nil }
                var items: [FormValue] = []
                for _ in 0..<count {
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                }
                return .list(items)
            default:
                return nil
            }
        }
    }
}
