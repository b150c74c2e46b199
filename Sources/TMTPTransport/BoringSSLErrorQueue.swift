import CNIOBoringSSL

/// BoringSSL's per-thread error queue, read out as text.
enum BoringSSLErrorQueue {
    /// The queued errors, oldest first, joined; the queue is left empty.
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no detail" : reasons.joined(separator: "; ")
    }

    /// Empties the queue, so a later `SSL_get_error` reads only what the next call left.
    static func clear() {
        ERR_clear_error()
    }
}
