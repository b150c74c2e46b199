/// Decides what a link or image destination points at.
///
/// Only `https`, `http` and `mailto` URLs and our own `#<tid>[&<mid>]` links are followable;
/// attachment references (`<msgid>_u:name`, `this_f:name`) name attachments of the thread.
enum LinkDestination: Sendable, Hashable {
    case web(url: String, host: String)
    case message(thread: String, message: String)
    case thread(String)
    case attachment(owner: AttachmentRef.Owner, kind: AttachmentRef.Kind, name: String)
    case other

    static let followableSchemes: Set<String> = ["https", "http", "mailto"]

    init(_ destination: String) {
        let utf8 = destination.utf8
        if utf8.first == UInt8(ascii: "#") {
            let parts = destination.utf8.dropFirst().split(
                separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
            if parts.count == 1, Self.isMessageID(parts[0]) {
                self = .thread(String(decoding: parts[0], as: UTF8.self))
            } else if parts.count == 2, Self.isMessageID(parts[0]), Self.isMessageID(parts[1]) {
                self = .message(
                    thread: String(decoding: parts[0], as: UTF8.self),
                    message: String(decoding: parts[1], as: UTF8.self)
                )
            } else {
                self = .other
            }
            return
        }
        if let attachment = Self.attachment(destination) {
            self = attachment
            return
        }
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else {
            self = .other
            return
        }
        let scheme = String(decoding: utf8[..<colon], as: UTF8.self).lowercased()
        guard Self.followableSchemes.contains(scheme) else {
            self = .other
            return
        }
        let url = Self.percentEncodingUnprintable(destination)
        let rest = url.utf8[url.utf8.index(after: url.utf8.firstIndex(of: UInt8(ascii: ":")) ?? url.utf8.startIndex)...]
        if scheme == "mailto" {
            let address = rest.prefix { $0 != UInt8(ascii: "?") }
            self = address.isEmpty ? .other : .web(url: url, host: String(decoding: address, as: UTF8.self))
            return
        }
        guard rest.starts(with: "//".utf8) else {
            self = .other
            return
        }
        var authority = rest.dropFirst(2).prefix {
            $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        }
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[authority.index(after: at)...] }
        self =
            authority.isEmpty ? .other : .web(url: url, host: String(decoding: authority, as: UTF8.self).lowercased())
    }

    /// Thread and message ids are hex: 16 digits for messages, 12 for drafts.
    private static func isMessageID<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        (12...32).contains(bytes.count) && bytes.allSatisfy { isHexDigit($0) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func attachment(_ destination: String) -> LinkDestination? {
        let utf8 = destination.utf8
        guard let underscore = utf8.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let owner = utf8[..<underscore]
        let rest = utf8[utf8.index(after: underscore)...]
        guard rest.count > 2, let kindByte = rest.first, rest.dropFirst().first == UInt8(ascii: ":"),
            let kind = AttachmentRef.Kind(rawValue: String(UnicodeScalar(kindByte)))
        else { return nil }
        let ownerValue: AttachmentRef.Owner
        if owner.elementsEqual("this".utf8) {
            ownerValue = .thisMessage
        } else if isMessageID(owner) {
            ownerValue = .message(String(decoding: owner, as: UTF8.self))
        } else {
            return nil
        }
        let name = Substring(destination.unicodeScalars[rest.index(rest.startIndex, offsetBy: 2)...])
        return .attachment(owner: ownerValue, kind: kind, name: percentDecoded(name))
    }

    /// The URL as printable ASCII: controls, spaces and non-ASCII bytes percent-encoded, so
    /// the URL an opener or OSC 8 gets is exactly the one shown, with nothing hidden.
    static func percentEncodingUnprintable(_ url: String) -> String {
        guard url.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return url }
        var encoded = ""
        for byte in url.utf8 {
            if byte > 0x20 && byte < 0x7F {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return encoded
    }

    /// Undoes mnm's percent-encoding of `%`, space and parentheses (and any other `%XX`).
    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                let decoded = high << 4 | low
                // %00 and other controls stay encoded: a name never needs them.
                if decoded >= 0x20 && decoded != 0x7F {
                    bytes.append(decoded)
                    utf8 = utf8.dropFirst(2)
                    continue
                }
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
