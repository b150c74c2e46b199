import Foundation
import TOMLKit

/// `tmtpd serve --config FILE`: a TOML table with the same keys as the long options of `serve`.
struct ConfigFile {
    /// A config file that cannot be used, naming the file and, when it is about one, the key.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let knownKeys: Set<String> = [
        "listen", "data-dir", "store", "cert", "key", "name", "registration", "max-message-size", "queue-quota",
        "max-unauthenticated", "max-login-failures", "daily-ping-limit", "write-timeout", "idle-timeout",
        "auth", "authby", "metrics", "log-format",
    ]

    let path: String
    private let table: TOMLTable
    private let lines: [Substring]

    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the config file")
        }
        let text = String(decoding: data, as: UTF8.self)
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(
                description: "\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        for key in table.keys where !Self.knownKeys.contains(key) {
            throw failure(key, "unknown key '\(key)'")
        }
    }

    func string(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw failure(key, "key '\(key)' must be a string") }
        return text
    }

    /// An array of tables (`[[key]]`), or `nil` when the key is absent.
    func tables(_ key: String) throws -> [TOMLTable]? {
        guard let value = table[key] else { return nil }
        let failure = failure(key, "'\(key)' must be an array of tables ([[\(key)]])")
        guard let array = value.array else { throw failure }
        return try array.map {
            guard let table = $0.table else { throw failure }
            return table
        }
    }

    func boolean(_ key: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw failure(key, "key '\(key)' must be true or false") }
        return flag
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw failure(key, "key '\(key)' must be an integer") }
        guard number >= 0 else { throw failure(key, "key '\(key)' must not be negative") }
        return number
    }

    /// Whether the file sets `key`.
    func contains(_ key: String) -> Bool { table[key] != nil }

    /// A failure about `key`, naming the file and the key's line: `FILE:LINE: problem`.
    func failure(_ key: String, _ problem: String) -> Failure {
        Failure(description: "\(path):" + (line(of: key).map { "\($0):" } ?? "") + " " + problem)
    }

    /// The 1-based line that sets `key` (`key = ...`, bare or quoted), if one does.
    func line(of key: String) -> Int? {
        let forms = [key, "\"\(key)\"", "'\(key)'"]
        for (index, line) in lines.enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" }
            for form in forms where text.hasPrefix(form) {
                let rest = text.dropFirst(form.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") { return index + 1 }
            }
        }
        return nil
    }
}
