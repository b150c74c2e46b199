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
        if destination.hasPrefix("#") {
            let parts = destination.dropFirst().split(separator: "&", omittingEmptySubsequences: false)
            if parts.count == 1, Self.isMessageID(parts[0]) {
                self = .thread(String(parts[0]))
            } else if parts.count == 2, Self.isMessageID(parts[0]), Self.isMessageID(parts[1]) {
                self = .message(thread: String(parts[0]), message: String(parts[1]))
            } else {
                self = .other
            }
            return
        }
        if let attachment = Self.attachment(destination) {
            self = attachment
            return
        }
        guard let colon = destination.firstIndex(of: ":") else {
            self = .other
            return
        }
        let scheme = destination[..<colon].lowercased()
        guard Self.followableSchemes.contains(scheme) else {
            self = .other
            return
        }
        let url = Self.percentEncodingUnprintable(destination)
        let rest = url[url.index(after: url.firstIndex(of: ":") ?? url.startIndex)...]
        if scheme == "mailto" {
            let address = rest.prefix { $0 != "?" }
            self = address.isEmpty ? .other : .web(url: url, host: String(address))
            return
        }
        guard rest.hasPrefix("//") else {
            self = .other
            return
        }
        var authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        self = authority.isEmpty ? .other : .web(url: url, host: authority.lowercased())
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

    /// Thread and message ids are hex: 16 digits for messages, 12 for drafts.
    private static func isMessageID(_ text: Substring) -> Bool {
        (12...32).contains(text.utf8.count) && text.utf8.allSatisfy { isHexDigit($0) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func attachment(_ destination: String) -> LinkDestination? {
        guard let underscore = destination.firstIndex(of: "_") else { return nil }
        let owner = destination[..<underscore]
        let rest = destination[destination.index(after: underscore)...]
        guard rest.count > 2, let kindCharacter = rest.first, rest.dropFirst().first == ":",
            let kind = AttachmentRef.Kind(rawValue: String(kindCharacter))
        else { return nil }
        let ownerValue: AttachmentRef.Owner
        if owner == "this" {
            ownerValue = .thisMessage
        } else if isMessageID(owner) {
            ownerValue = .message(String(owner))
        } else {
            return nil
        }
        return .attachment(owner: ownerValue, kind: kind, name: percentDecoded(rest.dropFirst(2)))
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
