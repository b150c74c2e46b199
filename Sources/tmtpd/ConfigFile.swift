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
        "auth", "authby",
    ]

    let path: String
    private let table: TOMLTable

    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the config file")
        }
        do {
            table = try TOMLTable(string: String(decoding: data, as: UTF8.self))
        } catch let error as TOMLParseError {
            throw Failure(
                description: "\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        for key in table.keys where !Self.knownKeys.contains(key) {
            throw Failure(description: "\(path): unknown key '\(key)'")
        }
    }

    func string(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw Failure(description: "\(path): key '\(key)' must be a string") }
        return text
    }

    /// An array of tables (`[[key]]`), or `nil` when the key is absent.
    func tables(_ key: String) throws -> [TOMLTable]? {
        guard let value = table[key] else { return nil }
        let failure = Failure(description: "\(path): '\(key)' must be an array of tables ([[\(key)]])")
        guard let array = value.array else { throw failure }
        return try array.map {
            guard let table = $0.table else { throw failure }
            return table
        }
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw Failure(description: "\(path): key '\(key)' must be an integer") }
        guard number >= 0 else { throw Failure(description: "\(path): key '\(key)' must not be negative") }
        return number
    }
}
