import Foundation

/// Who may create accounts with Register (the reference lets anyone).
public enum RegistrationMode: String, Sendable, CaseIterable {
    /// Anyone who can reach the site.
    case open
    /// Only a Register carrying a valid invite code (see ``InviteRequest``).
    case invite
    /// Nobody; accounts exist already.
    case closed
}

/// Everything a running site can be told: its name, who may register, its timeouts and limits.
///
/// The defaults are the reference server's timeouts plus limits it lacks (PROTOCOL.md section 7).
public struct ServerConfiguration: Sendable {
    /// `name` in the `tmtprev` reply.
    public var siteName: String
    public var registration: RegistrationMode
    /// OpenID Connect sign-in for Register; `nil` when the site does not use it.
    public var oidc: OIDCConfiguration?

    /// From accept to a successful Login/Register (the reference's `kLoginTimeout`).
    public var loginTimeout: Duration = .seconds(5)
    /// Silence allowed after login; any received byte re-arms it (`kPulseTimeout`).
    public var idleTimeout: Duration = .seconds(120)
    /// How long a delivered message waits for its ack before it is sent again (`kQueueAckTimeout`).
    public var ackTimeout: Duration = .seconds(30)
    /// How long a write may make no progress before the link is closed (the reference has none).
    public var writeTimeout: Duration = .seconds(30)
    /// A node whose live link has been silent this long is taken over by a new Login instead of
    /// refusing it with `node already connected` (the reference locks it out until its idle timeout).
    public var takeoverAfter: Duration = .seconds(45)

    /// Largest `datalen` of a Post or PostNotify; larger ones end the link with
    /// `data too long for request type` before any data is read.
    public var maxMessageSize: Int64 = 1 << 30
    /// Messages one node may have waiting; a post that would exceed it for any recipient node is
    /// refused with an `ack` error. 0 disables the check.
    public var nodeQueueQuota: Int = 100_000
    /// Message data up to this size is kept in the database row; larger data streams to a blob file.
    public var inlineDataLimit: Int = 64 << 10
    /// Links that have not logged in yet; when a new one would exceed it the oldest is closed.
    public var maxUnauthenticatedLinks: Int = 1024
    /// Failed Login attempts one address may make within `loginFailureWindow`; more are refused.
    public var maxLoginFailuresPerAddress: Int = 20
    public var loginFailureWindow: Duration = .seconds(300)
    /// Pings (and group invites) one user may send per UTC day; 0 means no limit.
    public var dailyPingLimit: Int = 0

    public init(siteName: String, registration: RegistrationMode = .open) {
        self.siteName = siteName
        self.registration = registration
    }
}

extension Duration {
    /// Whole nanoseconds, saturating; for NIO's `TimeAmount` and monotonic clocks.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
