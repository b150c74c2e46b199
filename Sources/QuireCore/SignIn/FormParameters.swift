import Foundation

/// `name=value&...` as URLs and forms carry it, decoded leniently: text pasted by a person or sent by a
/// site can hold anything, and a malformed pair is skipped rather than trusted or fatal.
struct FormParameters: Sendable {
    /// The first value of each name.
    let values: [String: String]

    init(_ text: some StringProtocol) {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty, values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: some StringProtocol) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
