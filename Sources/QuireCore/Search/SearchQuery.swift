/// A parsed search query: the language of `quire search` and the TUI's search prompt,
/// documented in `quire-search(7)`.
///
/// Terms are separated by spaces and all must hold (AND):
/// `word`, `"a phrase"`, `-word` / `-"phrase"` / `-from:x` (exclusion), `from:alias`, `to:alias`,
/// `tag:name` or `#name`, `is:unread` / `is:read`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`,
/// `site:name`. Operator values may be quoted: `from:"Ann Lee"`.
public struct SearchQuery: Sendable, Hashable {
    public indirect enum Term: Sendable, Hashable {
        /// Matches the word in the subject, body, sender alias or recipients.
        case word(String)
        /// Matches the words in this order, next to each other.
        case phrase(String)
        /// Sender alias or uid, exact and case-insensitive.
        case from(String)
        /// A Cc recipient's alias or uid (contact or group), exact and case-insensitive.
        case to(String)
        /// A private tag of the thread or a hashtag of the message, case-insensitive.
        case tag(String)
        /// `true` for `is:unread`, `false` for `is:read`.
        case unread(Bool)
        /// Posted before the start of that day.
        case before(SearchDate)
        /// Posted on or after the start of that day.
        case after(SearchDate)
        /// The account's local name or the site's name.
        case site(String)
        case not(Term)
    }

    public var terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// Parses the query language; throws with the position of the first mistake.
    public init(parsing text: String) throws(SearchQueryError) {
        var parser = SearchQueryParser(text)
        self.terms = try parser.parseTerms()
    }
}

/// A calendar day named in `before:` or `after:`.
public struct SearchDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Validates the day; nil for dates such as 2025-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A mistake in a search query, with the character offset where it was found.
public struct SearchQueryError: Error, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case unterminatedQuote
        case missingValue(operator: String)
        case unknownOperator(String)
        case badDate(operator: String, value: String)
        case unknownStatus(String)
    }

    public var reason: Reason
    /// Offset in characters from the start of the query.
    public var position: Int

    public init(_ reason: Reason, at position: Int) {
        self.reason = reason
        self.position = position
    }

    public var description: String {
        let column = "at column \(position + 1)"
        switch reason {
        case .unterminatedQuote:
            return "unterminated quote \(column): add the closing \""
        case .missingValue(let name):
            return "\(name): needs a value \(column), for example \(name):alice"
        case .unknownOperator(let name):
            return "unknown operator \"\(name):\" \(column); known: from: to: tag: is: before: after: site:"
                + " (put the word in quotes to search for it as text)"
        case .badDate(let name, let value):
            return "\(name): wants a date as YYYY-MM-DD \(column), not \"\(value)\""
        case .unknownStatus(let value):
            return "is: takes unread or read \(column), not \"\(value)\""
        }
    }
}

/// Turns query text into terms.
struct SearchQueryParser {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        self.characters = Array(text)
    }

    mutating func parseTerms() throws(SearchQueryError) -> [SearchQuery.Term] {
        var terms: [SearchQuery.Term] = []
        while true {
            skipSpaces()
            guard index < characters.count else { return terms }
            terms.append(try parseTerm())
        }
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private mutating func parseTerm() throws(SearchQueryError) -> SearchQuery.Term {
        if characters[index] == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
            index += 1
            return .not(try parsePositiveTerm())
        }
        return try parsePositiveTerm()
    }

    private mutating func parsePositiveTerm() throws(SearchQueryError) -> SearchQuery.Term {
        let start = index
        if characters[index] == "\"" {
            return .phrase(try parseQuoted())
        }
        if characters[index] == "#", index + 1 < characters.count, !characters[index + 1].isWhitespace,
            characters[index + 1] != "\""
        {
            index += 1
            return .tag(readBareWord())
        }
        if let name = operatorName() {
            index += name.count + 1
            let valueStart = index
            let value: String
            if index < characters.count, characters[index] == "\"" {
                value = try parseQuoted()
            } else {
                value = readBareWord()
            }
            guard !value.isEmpty else { throw SearchQueryError(.missingValue(operator: name), at: start) }
            return try makeOperatorTerm(name: name, value: value, at: valueStart)
        }
        return .word(readBareWord())
    }

    /// The operator name when the text at `index` reads `letters:`; a word otherwise.
    private func operatorName() -> String? {
        var end = index
        while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
        guard end > index, end < characters.count, characters[end] == ":" else { return nil }
        return String(characters[index..<end]).lowercased()
    }

    private func makeOperatorTerm(name: String, value: String, at position: Int) throws(SearchQueryError)
        -> SearchQuery.Term
    {
        switch name {
        case "from": return .from(value)
        case "to": return .to(value)
        case "tag": return .tag(value.hasPrefix("#") ? String(value.dropFirst()) : value)
        case "site": return .site(value)
        case "is":
            switch value.lowercased() {
            case "unread": return .unread(true)
            case "read": return .unread(false)
            default: throw SearchQueryError(.unknownStatus(value), at: position)
            }
        case "before", "after":
            guard let date = SearchDate(value) else {
                throw SearchQueryError(.badDate(operator: name, value: value), at: position)
            }
            return name == "before" ? .before(date) : .after(date)
        default:
            throw SearchQueryError(.unknownOperator(name), at: position - name.count - 1)
        }
    }

    /// Reads `"..."` starting at the opening quote; a quote cannot be escaped inside.
    private mutating func parseQuoted() throws(SearchQueryError) -> String {
        let start = index
        index += 1
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\"" { return text }
            text.append(character)
        }
        throw SearchQueryError(.unterminatedQuote, at: start)
    }

    private mutating func readBareWord() -> String {
        var text = ""
        while index < characters.count, !characters[index].isWhitespace {
            text.append(characters[index])
            index += 1
        }
        return text
    }
}
