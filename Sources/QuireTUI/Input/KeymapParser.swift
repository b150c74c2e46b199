/// Reads bindings files:
///
/// ```
/// # comment
/// [list]
/// j = down
/// g g = first
/// <C-d> = half-page-down
/// t = command-line "tag "
/// d =                 # an empty command unbinds
/// unbind <C-u>
/// ```
///
/// Keys are ``KeyNotation``, commands are ``CommandLineParser`` lines. Every bad line is
/// reported (not just the first), each with file and line.
public enum KeymapParser {
    /// Parses a bindings file; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(KeymapError) -> Keymap {
        var keymap = Keymap()
        var problems: [KeymapError.Problem] = []
        var context: KeyContext?
        var contextIsValid = true
        for (offset, rawLine) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let number = offset + 1
            func problem(_ kind: KeymapError.Problem.Kind) {
                problems.append(KeymapError.Problem(file: file, line: number, kind: kind))
            }
            let line = stripComment(String(rawLine)).trimmed
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]"), !line.contains("=") {
                let name = String(line.dropFirst().dropLast()).trimmed
                if let known = KeyContext(rawValue: name.lowercased()) {
                    context = known
                    contextIsValid = true
                } else {
                    problem(.unknownContext(name))
                    contextIsValid = false
                }
                continue
            }
            let keysText: String
            let commandText: String?
            if line.hasPrefix("unbind "), !line.contains("=") {
                keysText = String(line.dropFirst("unbind ".count)).trimmed
                commandText = nil
            } else if let equals = line.firstIndex(of: "=") {
                keysText = String(line[..<equals]).trimmed
                let value = String(line[line.index(after: equals)...]).trimmed
                commandText = value.isEmpty ? nil : value
            } else {
                problem(.malformedLine)
                continue
            }
            // Bad lines under a bad section were already reported by the section.
            guard contextIsValid else { continue }
            guard let context else {
                problem(.outsideContext)
                continue
            }
            let keys: [Key]
            do {
                keys = try KeyNotation.parse(keysText)
            } catch {
                problem(.badKeys(error.reason))
                continue
            }
            guard let commandText else {
                keymap.unbind(keys, in: context)
                continue
            }
            do {
                keymap.bind(keys, to: try CommandLineParser.parse(commandText), in: context)
            } catch {
                problem(.badCommand(error.message))
            }
        }
        if !problems.isEmpty { throw KeymapError(problems: problems) }
        return keymap
    }

    /// Drops a ` # comment` and a whole-line `#` comment; a `#` inside quotes is kept.
    static func stripComment(_ line: String) -> String {
        if line.trimmed.hasPrefix("#") { return "" }
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                return String(line[..<index])
            }
            previous = character
        }
        return line
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
