/// Why the demo world could not be set up.
public enum DemoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Something the set-up waits for (a login, a delivery) did not happen in time.
    case timedOut(String)
    /// The site refused an account or a post.
    case refused(String)
    /// The world was asked to do something after `stop()`.
    case stopped

    public var description: String {
        switch self {
        case .timedOut(let what): "the demo site did not finish setting up: \(what) timed out"
        case .refused(let reason): "the demo site refused: \(reason)"
        case .stopped: "the demo world is stopped"
        }
    }
}
