import Foundation

/// Stops the run when a promise of the handler is broken; libFuzzer keeps the input that did it.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("tls-fuzz: \(message())\n".utf8))
        abort()
    }
}

/// Whether `bytes` are whole TLS records, as the server must only ever send: a known content type, a TLS 1.x
/// record version, and no more than TLS 1.2's largest ciphertext.
func areWholeRecords(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
        guard bytes.count - index >= 5 else { return false }
        let type = bytes[index]
        let version = (bytes[index + 1], bytes[index + 2])
        let length = Int(bytes[index + 3]) << 8 | Int(bytes[index + 4])
        guard (20...23).contains(type), version.0 == 3, (1...3).contains(version.1), length <= (16 << 10) + 2048
        else { return false }
        index += 5 + length
    }
    return index == bytes.count
}
