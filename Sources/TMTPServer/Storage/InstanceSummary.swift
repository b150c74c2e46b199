/// One running server process on a store several share, for `tmtpd stats`.
public struct InstanceSummary: Hashable, Sendable {
    /// The name the instance gave its connections (`tmtpd serve@HOST:PID`).
    public var name: String
    /// Its open database connections.
    public var connections: Int
    /// Nodes logged in on it.
    public var loggedIn: Int

    public init(name: String, connections: Int, loggedIn: Int) {
        self.name = name
        self.connections = connections
        self.loggedIn = loggedIn
    }
}
