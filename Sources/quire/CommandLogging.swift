import Foundation
import Logging
import Synchronization

/// From which level quire's log lines are written, and where. A command's own output says what
/// it did, so on standard error only warnings and worse appear (a malformed message the sync
/// dropped), not `info quire.store: removed account` under `removed main`. While the
/// full-screen interface runs, standard error is quire.log and info lines are kept there too.
/// `QUIRE_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical) sets the level for
/// both, for a bug report.
enum CommandLogging {
    /// The level, and whether `QUIRE_LOG_LEVEL` chose it (then nothing else changes it).
    private static let setting = Mutex((level: Logger.Level.warning, chosen: false))

    /// Installs the handler; before any logger is made.
    static func bootstrap(environment: [String: String]) {
        if let name = environment["QUIRE_LOG_LEVEL"], !name.isEmpty {
            if let chosen = Logger.Level(rawValue: name.lowercased()) {
                setting.withLock { $0 = (chosen, true) }
            } else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(
                    Data("quire: QUIRE_LOG_LEVEL=\(name) is not one of \(levels); using warning\n".utf8))
            }
        }
        LoggingSystem.bootstrap { label in ThresholdLogHandler(label: label) }
    }

    /// Standard error is a log file now: info lines are kept too, unless `QUIRE_LOG_LEVEL` chose.
    static func keepInfo() {
        setting.withLock { if !$0.chosen { $0.level = .info } }
    }

    static var current: Logger.Level { setting.withLock { $0.level } }
}

/// swift-log's stream handler on standard error, with the level read at each line from
/// ``CommandLogging`` (the loggers are made once; the level changes when the interface starts).
private struct ThresholdLogHandler: LogHandler {
    private var stream: StreamLogHandler

    init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
        stream.logLevel = .trace
    }

    var logLevel: Logger.Level {
        get { CommandLogging.current }
        set {}  // The process-wide level rules; a logger cannot lower it for itself.
    }

    var metadata: Logger.Metadata {
        get { stream.metadata }
        set { stream.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { stream[metadataKey: key] }
        set { stream[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        stream.log(event: event)
    }
}
