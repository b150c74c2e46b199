import QuireCore
import TOMLKit

/// Reads `config.toml`. Every mistake is reported with the file, the line and the key, and
/// stops the start: a typo silently ignored is a setting the user thinks they have.
public enum AppConfigParser {
    /// Why a config file cannot be used.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        /// 1-based; nil when the problem is not on one line (an unreadable file).
        public var line: Int?
        public var key: String?
        public var message: String

        public var description: String {
            var text = file
            if let line { text += ":\(line)" }
            text += ": "
            if let key { text += "`\(key)`: " }
            return text + message
        }
    }

    /// The keys of the top-level table.
    public static let topLevelKeys = [
        "theme", "mouse", "ambiguous-width", "opener", "date-format", "layout", "list-percent", "list-rows",
        "download-dir", "searches",
    ]

    /// Reads the file at `path`; a missing file is the default configuration.
    public static func load(path: String) throws(Failure) -> AppConfig {
        guard POSIXFile.exists(path) else { return AppConfig() }
        guard let text = POSIXFile.read(path) else {
            throw Failure(file: path, line: nil, key: nil, message: "cannot read the file")
        }
        return try parse(text, file: path)
    }

    /// Reads config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(Failure) -> AppConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(file: file, line: error.source.begin.line, key: nil, message: error.description)
        } catch {
            throw Failure(file: file, line: nil, key: nil, message: "\(error)")
        }
        let lines = KeyLines(text: text)
        func fail(_ key: String, section: String? = nil, _ message: String) -> Failure {
            Failure(
                file: file, line: lines.line(of: key, in: section), key: section.map { "\($0).\(key)" } ?? key,
                message: message)
        }
        var config = AppConfig()
        for key in table.keys.sorted(by: { lines.line(of: $0, in: nil) ?? 0 < lines.line(of: $1, in: nil) ?? 0 }) {
            guard let value = table[key] else { continue }
            switch key {
            case "theme":
                guard let name = value.string, !name.isEmpty, !name.contains("/") else {
                    throw fail(key, "must be the name of a theme, like \"default\", \"light\" or \"mono\"")
                }
                config.theme = name
            case "mouse":
                guard let flag = value.bool else { throw fail(key, "must be true or false") }
                config.mouse = flag
            case "ambiguous-width":
                switch value.string {
                case "narrow": config.ambiguousWide = false
                case "wide": config.ambiguousWide = true
                default: throw fail(key, "must be \"narrow\" or \"wide\"")
                }
            case "opener":
                if let words = value.string?.split(separator: " ").map(String.init), !words.isEmpty {
                    config.opener = words
                } else if let array = value.array, array.count > 0 {
                    var words: [String] = []
                    for index in 0..<array.count {
                        guard let word = array[index].string, !word.isEmpty else {
                            throw fail(key, "must be a command: a string, or an array of non-empty strings")
                        }
                        words.append(word)
                    }
                    config.opener = words
                } else {
                    throw fail(key, "must be a command: a string, or an array of non-empty strings")
                }
            case "date-format":
                guard let format = value.string.flatMap(AppConfig.DateFormat.init(rawValue:)) else {
                    throw fail(key, "must be \"relative\" or \"numeric\"")
                }
                config.dateFormat = format
            case "layout":
                guard let layout = value.string.flatMap(AppConfig.Layout.init(rawValue:)) else {
                    throw fail(
                        key,
                        "must be one of "
                            + AppConfig.Layout.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                }
                config.layout = layout
            case "list-percent":
                guard let percent = value.int, (10...90).contains(percent) else {
                    throw fail(key, "must be a whole number from 10 to 90")
                }
                config.listPercent = percent
            case "list-rows":
                guard let rows = value.int, rows >= 3 else { throw fail(key, "must be a whole number, 3 or more") }
                config.listRows = rows
            case "download-dir":
                guard let directory = value.string, !directory.isEmpty else {
                    throw fail(key, "must be a directory path")
                }
                config.downloadDirectory = directory
            case "searches":
                guard let searches = value.table else {
                    throw fail(key, "must be a table: [searches] with name = \"query\" lines")
                }
                for name in searches.keys {
                    guard let query = searches[name]?.string else {
                        throw fail(name, section: "searches", "must be a search query in quotes")
                    }
                    do {
                        _ = try SearchQuery(parsing: query)
                    } catch {
                        throw fail(name, section: "searches", "bad query: \(error)")
                    }
                    guard !["all", "unread"].contains(name.lowercased()), !name.hasPrefix("#") else {
                        throw fail(name, section: "searches", "clashes with a built-in view name")
                    }
                    config.savedSearches[name] = query
                }
            default:
                throw fail(key, "unknown key (known: " + topLevelKeys.joined(separator: ", ") + ")")
            }
        }
        return config
    }

    /// Where each key is defined, for error messages (the TOML reader keeps no positions).
    struct KeyLines {
        private var lines: [String: Int] = [:]

        init(text: String) {
            var section: String?
            for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: " \t\r")
                if line.hasPrefix("[") {
                    section = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: " \t")
                    if let section, lines["@" + section] == nil { lines["@" + section] = number + 1 }
                    continue
                }
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
                var key = line[..<equals].trimmingCharacters(in: " \t")
                if key.count >= 2, key.first == "\"" || key.first == "'", key.last == key.first {
                    key = String(key.dropFirst().dropLast())
                }
                let name = (section.map { $0 + "." } ?? "") + key
                if lines[name] == nil { lines[name] = number + 1 }
            }
        }

        func line(of key: String, in section: String?) -> Int? {
            if let section { return lines[section + "." + key] }
            return lines[key] ?? lines["@" + key]
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
