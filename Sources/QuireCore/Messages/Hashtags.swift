/// Finds `#hashtags` in a markdown body, to index them as tags of the message.
///
/// A hashtag is `#` followed by a letter and then letters, digits, `_` or `-`, not glued to a
/// preceding word (`C#`, `issue#4`, `page/#top` are not tags). Not hashtags either:
/// message and thread links (`#<tid>&<mid>`, `[text](#<tid>)`, bare 16-hex ids), markdown
/// headings (`# Title`), and anything in code spans or fenced code blocks.
public enum Hashtags {
    /// The longest tag kept; longer runs are not treated as tags.
    public static let maximumLength = 64

    /// The hashtags of `body` without the `#`, in order of first appearance, each once
    /// (compared case-insensitively).
    public static func extract(from body: String) -> [String] {
        var tags: [String] = []
        var seen: Set<String> = []
        var inFence: String?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let fence = inFence {
                if trimmed.hasPrefix(fence) { inFence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence = String(trimmed.prefix(3))
                continue
            }
            for tag in extract(line: Array(line)) where seen.insert(tag.lowercased()).inserted {
                tags.append(tag)
            }
        }
        return tags
    }

    private static func extract(line: [Character]) -> [String] {
        var tags: [String] = []
        var index = 0
        while index < line.count {
            let character = line[index]
            if character == "`" {
                index = endOfCodeSpan(line, from: index)
                continue
            }
            guard character == "#", isBoundary(line, before: index) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < line.count, isTagCharacter(line[end]) { end += 1 }
            defer { index = max(end, index + 1) }
            guard end > index + 1, line[index + 1].isLetter else { continue }
            if end < line.count, line[end] == "&" { continue }
            var tag = String(line[(index + 1)..<end])
            while let last = tag.last, last == "-" || last == "_" { tag.removeLast() }
            guard tag.count <= maximumLength, !isMessageID(tag) else { continue }
            tags.append(tag)
        }
        return tags
    }

    /// Skips a code span that opens at `start`; an unmatched run of backticks is literal.
    private static func endOfCodeSpan(_ line: [Character], from start: Int) -> Int {
        var runEnd = start
        while runEnd < line.count, line[runEnd] == "`" { runEnd += 1 }
        let runLength = runEnd - start
        var index = runEnd
        while index < line.count {
            if line[index] == "`" {
                var closeEnd = index
                while closeEnd < line.count, line[closeEnd] == "`" { closeEnd += 1 }
                if closeEnd - index == runLength { return closeEnd }
                index = closeEnd
            } else {
                index += 1
            }
        }
        return runEnd
    }

    private static func isBoundary(_ line: [Character], before index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = line[index - 1]
        if previous.isLetter || previous.isNumber { return false }
        if "_&#/\\".contains(previous) { return false }
        // `](#...)` is a link destination.
        if previous == "(", index > 1, line[index - 2] == "]" { return false }
        return true
    }

    private static func isTagCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    private static func isMessageID(_ word: String) -> Bool {
        word.count == 16 && word.allSatisfy(\.isHexDigit)
    }
}
