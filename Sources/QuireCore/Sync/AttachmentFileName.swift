/// Turns an attachment name chosen by a sender into a file name that is safe to create:
/// one path component, no control or invisible characters, no leading dot or dash, bounded length.
///
/// The name comes from the network, so `../../.bashrc`, `/etc/passwd`, `con`, a name that is all
/// dots, or one carrying terminal escapes must all become plain, harmless names.
public enum AttachmentFileName {
    /// Longest name kept, in UTF-8 bytes (file systems allow 255).
    public static let maxBytes = 120

    /// The file names, in the attachments directory, of one message's attachments, in order:
    /// `<msgid>_<kind>:<name>`, as the reference client names them, so a blank form and the
    /// answers to it (`f:x` and `r:x`) never share a file. Names that sanitise alike get a
    /// counter before the extension. The `:` also keeps these names apart from those of earlier
    /// versions (`<msgid>_<name>`), which never hold one.
    public static func stored(msgid: String, attachments: [AttachmentInfo]) -> [String] {
        let prefix = sanitise(msgid)
        var taken: Set<String> = []
        return attachments.map { attachment in
            let name = sanitise(attachment.name)
            var candidate = "\(prefix)_\(attachment.kind.rawValue):\(name)"
            var counter = 2
            while !taken.insert(candidate).inserted {
                candidate = "\(prefix)_\(attachment.kind.rawValue):\(numbered(name, counter))"
                counter += 1
            }
            return candidate
        }
    }

    public static func sanitise(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            let value = scalar.value
            let unsafe =
                value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
                || scalar == "/" || scalar == "\\" || scalar == ":" || scalar == "*" || scalar == "?"
                || scalar == "\"" || scalar == "<" || scalar == ">" || scalar == "|"
                || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
            scalars.append(unsafe ? "_" : scalar)
        }
        var name = String(scalars).trimmingSpaces()
        while let first = name.first, first == "." || first == "-" || first == " " {
            name.removeFirst()
        }
        while name.utf8.count > maxBytes {
            // Keep the extension when shortening.
            if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 16,
                dot > name.startIndex
            {
                let stem = name[..<dot]
                name = String(stem.dropLast()) + name[dot...]
            } else {
                name.removeLast()
            }
        }
        if name.isEmpty || name.allSatisfy({ $0 == "." || $0 == "_" }) { return "attachment" }
        return name
    }

    /// `report~2.pdf` for `report.pdf`: the counter goes before a short extension.
    private static func numbered(_ name: String, _ counter: Int) -> String {
        if let dot = name.lastIndex(of: "."), dot > name.startIndex, name.distance(from: dot, to: name.endIndex) <= 16 {
            return "\(name[..<dot])~\(counter)\(name[dot...])"
        }
        return "\(name)~\(counter)"
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        return String(text)
    }
}
