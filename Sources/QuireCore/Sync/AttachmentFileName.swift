/// Turns an attachment name chosen by a sender into a file name that is safe to create:
/// one path component, no control or invisible characters, no leading dot or dash, bounded length.
///
/// The name comes from the network, so `../../.bashrc`, `/etc/passwd`, `con`, a name that is all
/// dots, or one carrying terminal escapes must all become plain, harmless names.
public enum AttachmentFileName {
    /// Longest name kept, in UTF-8 bytes (file systems allow 255).
    public static let maxBytes = 120

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
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        return String(text)
    }
}
