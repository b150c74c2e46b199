/// A demo person's character: who they are and how they answer what you write.
public struct DemoPersona: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// Answers with a small Markdown table about your message.
        case table
        /// Answers with a chart of your message's words.
        case chart
    }

    /// The alias on the demo site (aliases need at least 8 bytes).
    public var alias: String
    /// The local account name in the person's own home.
    public var accountName: String
    public var style: Style

    public static let ada = DemoPersona(alias: "ada.lovelace", accountName: "ada", style: .table)
    public static let grace = DemoPersona(alias: "grace.hopper", accountName: "grace", style: .chart)

    /// Writes the answer to one of your messages; `count` is how many answers came before, so they vary.
    public func answer(to body: String, from you: String, count: Int) -> String {
        let words = MessageWords(body)
        let quote = words.firstLine.isEmpty ? "" : "> \(words.firstLine)\n\n"
        switch style {
        case .table:
            let openers = [
                "Thank you, \(you)! I ran your message through my Analytical Engine:",
                "Received, \(you). The Engine has weighed your words:",
                "Lovely to hear from you, \(you). A small table, as promised:",
                "Noted, \(you). Numbers first, poetry after:",
            ]
            return """
                \(quote)\(openers[count % openers.count])

                | measure | value |
                |---|---:|
                | words | \(words.all.count) |
                | lines | \(words.lineCount) |
                | longest word | `\(words.longest)` |
                | questions asked | \(words.questionCount) |

                _Reply again and I will count again._
                """
        case .chart:
            let openers = [
                "Got it, \(you)! Here is your message, charted by word length:",
                "Message received, \(you), no bugs found. Word lengths, as bars:",
                "Thanks, \(you)! A picture is worth a thousand words, so here are yours:",
                "Read you loud and clear, \(you). Charted:",
            ]
            let buckets = words.lengthBuckets
            return """
                \(quote)\(openers[count % openers.count])

                ```chart
                type: bar
                title: Words by length
                x: letters
                1-3,\(buckets[0])
                4-6,\(buckets[1])
                7+,\(buckets[2])
                ```

                Your word lengths, one after another:

                ```chart
                type: sparkline
                word,letters
                \(words.sparklineRows)
                ```
                """
        }
    }
}

/// The words of a message, for the demo people's answers.
struct MessageWords: Sendable {
    let all: [String]
    let firstLine: String
    let lineCount: Int
    let questionCount: Int

    init(_ body: String) {
        let lines = body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let textLines = lines.filter { !$0.isEmpty }
        lineCount = textLines.count
        let first = textLines.first ?? ""
        firstLine = first.count > 72 ? String(first.prefix(71)) + "…" : first
        all = body.split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
        questionCount = body.filter { $0 == "?" }.count
    }

    var longest: String {
        let word = all.max { $0.count < $1.count } ?? "(none)"
        return String(word.prefix(24)).replacingOccurrences(of: "`", with: "'")
    }

    /// Counts of words of 1-3, 4-6 and 7 or more letters.
    var lengthBuckets: [Int] {
        var buckets = [0, 0, 0]
        for word in all {
            buckets[word.count <= 3 ? 0 : word.count <= 6 ? 1 : 2] += 1
        }
        return buckets
    }

    /// Chart rows `position,length` for the first 60 words; at least two rows, so the line has a shape.
    var sparklineRows: String {
        var lengths = all.prefix(60).map(\.count)
        while lengths.count < 2 { lengths.append(0) }
        return lengths.enumerated().map { "\($0.offset + 1),\($0.element)" }.joined(separator: "\n")
    }
}
