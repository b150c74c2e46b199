import Foundation

/// One identity on one TMTP site, as this device knows it.
public struct Account: Sendable, Hashable, Codable {
    /// Where registration and login stand.
    public enum State: String, Sendable, Hashable, Codable {
        /// Added locally; not registered with the site yet.
        case unregistered
        /// Registered; this device has a uid and a node password.
        case registered
        /// The site rejected the node password: sync stops retrying until the user acts.
        case rejected
        /// Registration failed (for example the alias was taken); see `error`.
        case failed
    }

    /// The local name chosen by the user (`quire account add NAME`).
    public var name: String
    /// `=host:port` or `+host:port`, optionally followed by `#fingerprint`.
    public var siteAddress: String
    /// The name the site reports in `tmtprev`; attached to everything that came from it.
    public var siteName: String?
    public var uid: String?
    public var alias: String?
    /// This device's node number within the account, when known.
    public var nodeNumber: Int?
    public var state: State
    /// Why the account is `failed` or `rejected`, or what the site refused.
    public var error: String?
    /// The invite code to register with, kept until the site registers the account.
    public var invite: String?
    public var created: Date

    public init(
        name: String,
        siteAddress: String,
        siteName: String? = nil,
        uid: String? = nil,
        alias: String? = nil,
        nodeNumber: Int? = nil,
        state: State = .unregistered,
        error: String? = nil,
        invite: String? = nil,
        created: Date = Date()
    ) {
        self.name = name
        self.siteAddress = siteAddress
        self.siteName = siteName
        self.uid = uid
        self.alias = alias
        self.nodeNumber = nodeNumber
        self.state = state
        self.error = error
        self.invite = invite
        self.created = created
    }
}
