/// Finds hashtags (`#word`) in text.
///
/// A hashtag starts with `#` at the start of the text or after a character that is not part of
/// a word, and runs over letters, digits, `_` and inner `-`. It needs a letter, so `#1` (an
/// issue number) is not one, and a run of 12 or more hex digits (a message id) is not one.
enum HashtagScanner {
    struct Match {
        var range: Range<String.Index>
        /// The tag without `#`.
        var name: String
    }

    static let maximumLength = 64

    static func hashtags(in text: String) -> [Match] {
        var matches: [Match] = []
        var previous: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            defer { previous = character }
            guard character == "#", previous.map({ !isWordCharacter($0) && $0 != "#" && $0 != "&" }) ?? true else {
                index = text.index(after: index)
                continue
            }
            let nameStart = text.index(after: index)
            var end = nameStart
            while end < text.endIndex, isWordCharacter(text[end]) { end = text.index(after: end) }
            while end > nameStart, text[text.index(before: end)] == "-" { end = text.index(before: end) }
            let name = text[nameStart..<end]
            if !name.isEmpty, name.count <= maximumLength, name.contains(where: \.isLetter), !isHexID(name) {
                matches.append(Match(range: index..<end, name: String(name)))
                index = end
                continue
            }
            index = text.index(after: index)
        }
        return matches
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    private static func isHexID(_ name: Substring) -> Bool {
        name.utf8.count >= 12 && name.allSatisfy(\.isHexDigit)
    }
}
