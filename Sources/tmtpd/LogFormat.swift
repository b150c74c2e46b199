import Foundation
import Logging
import TMTP

/// `--log-format text|json`: how `tmtpd serve` writes its log to standard error.
///
/// Neither format ever carries a node's key or an invite code: the site logs a logged-in node as the
/// first 7 characters of its uid and its number, and a link by its peer address.
enum LogFormat: String, CaseIterable {
    /// `2026-12-06T08:00:00+0000 info tmtpd : [link=...] message`, swift-log's stream format.
    case text
    /// One JSON object per line: `time`, `level`, `label`, `message`, then `metadata` (an object of strings)
    /// when there is any. The fields and their order are stable.
    case json

    /// A line scripts wait for (`tmtpd: listening on HOST:PORT`): as is in text, as a log record in json.
    func announce(_ text: String, logger: Logger) {
        switch self {
        case .text: FileHandle.standardError.write(Data("tmtpd: \(text)\n".utf8))
        case .json: logger.notice("tmtpd: \(text)")
        }
    }

    func bootstrap(level: Logger.Level = .info) {
        switch self {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
        }
    }
}

/// Writes each record as one line of JSON to standard error.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, logLevel: Logger.Level) {
        self.label = label
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        var line = "{\"time\":" + Self.quoted(Self.timestamp())
        line += ",\"level\":" + Self.quoted(event.level.rawValue)
        line += ",\"label\":" + Self.quoted(label)
        line += ",\"message\":" + Self.quoted(event.message.description)
        if !fields.isEmpty {
            let members = fields.keys.sorted().map { Self.quoted($0) + ":" + Self.quoted("\(fields[$0] ?? "")") }
            line += ",\"metadata\":{" + members.joined(separator: ",") + "}"
        }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// UTC with milliseconds: `2026-12-06T08:00:00.123Z`.
    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A JSON string (the protocol's own encoder: control characters escaped, never raw).
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        GoJSON.appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
