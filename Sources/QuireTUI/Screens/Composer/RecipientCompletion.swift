/// Completion of the word being typed in the composer's To field, from contact aliases and
/// group names; several candidates are offered in a popup that Tab cycles through.
struct RecipientCompletion: Sendable, Hashable {
    /// Candidates for the word, best first.
    var candidates: [String]
    /// The candidate under the popup's cursor.
    var selected = 0
    /// Where the word starts in the field (a character index).
    var wordStart: Int

    /// The word before `cursor` in `characters`: from after the last comma, spaces skipped.
    static func word(in characters: [Character], cursor: Int) -> (start: Int, text: String) {
        var start = min(cursor, characters.count)
        while start > 0, characters[start - 1] != "," { start -= 1 }
        while start < cursor, characters[start] == " " { start += 1 }
        return (start, String(characters[start..<cursor]))
    }

    /// Names starting with `prefix` (ignoring case) that are not already chosen; exact prefix
    /// matches of the same case first, then by name.
    static func candidates(for prefix: String, in names: [String], excluding chosen: [String]) -> [String] {
        let lowered = prefix.lowercased()
        let taken = Set(chosen.map { $0.lowercased() })
        var seen: Set<String> = []
        return names.filter { name in
            name.lowercased().hasPrefix(lowered) && !taken.contains(name.lowercased()) && seen.insert(name).inserted
        }
        .sorted { lhs, rhs in
            let left = lhs.hasPrefix(prefix)
            let right = rhs.hasPrefix(prefix)
            return left != right ? left : lhs.lowercased() < rhs.lowercased()
        }
    }

    /// The longest start every candidate shares, ignoring case, spelled as the first one.
    static func commonPrefix(of candidates: [String]) -> String {
        guard let first = candidates.first else { return "" }
        var length = first.count
        for candidate in candidates.dropFirst() {
            var shared = 0
            for (left, right) in zip(first.lowercased(), candidate.lowercased()) where shared < length {
                guard left == right else { break }
                shared += 1
            }
            length = min(length, shared)
        }
        return String(first.prefix(length))
    }
}
