import Foundation

/// `~` and `~/…` in a path the user typed, as the shell reads them.
enum TildePath {
    /// `path` with a leading `~` replaced by `home` (the process's `HOME` when nil).
    static func expanding(_ path: String, home: String? = nil) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = home ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
