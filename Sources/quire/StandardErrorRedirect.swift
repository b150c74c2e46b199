#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Points the process's standard error at a file while a full-screen interface runs, so log
/// lines (swift-log writes to standard error) and stray library messages never land on the
/// curses screen; ``restore()`` puts the original back for the messages printed after it.
final class StandardErrorRedirect {
    private var saved: Int32

    /// Redirects standard error to `path` (created, appended to); nil when it cannot be opened,
    /// in which case standard error is left as it was.
    init?(toFile path: String) {
        let file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else { return nil }
        defer { close(file) }
        fflush(nil)
        saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            return nil
        }
    }

    deinit { restore() }

    /// Standard error back on the terminal. Safe to call twice.
    func restore() {
        guard saved >= 0 else { return }
        fflush(nil)
        _ = dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
    }
}
