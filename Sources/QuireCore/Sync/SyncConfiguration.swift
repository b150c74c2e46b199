import Foundation
import TMTP
import TMTPTransport

/// How an account's sync connects, paces and retries.
public struct SyncConfiguration: Sendable {
    public var home: QuireHome
    /// Certificates of `=host:port` sites seen on first use.
    public var knownSites: any KnownSites
    /// The label sent as `newnode` when registering or adding a device.
    public var deviceLabel: String
    /// Silence on our side after which a Pulse goes out; the server closes links idle for 2 minutes.
    public var pulseInterval: Duration = .seconds(100)
    /// How long an outbox row waits for its ack before the link is presumed dead and remade.
    public var ackTimeout: Duration = .seconds(30)
    /// First retry delay after a link failure; doubled per failure, with ±20% jitter.
    public var backoffBase: Duration = .seconds(1)
    public var backoffMax: Duration = .seconds(300)
    /// How often the outbox is re-read for rows queued by other quire processes.
    public var outboxPollInterval: Duration = .seconds(2)
    /// How often a process waiting for another one's lock tries again.
    public var lockRetryInterval: Duration = .seconds(1)
    /// Whether a link the site broke (a malformed or oversized message) is remade after a backoff,
    /// as a long-running sync does; one-shot commands stop instead and report what the site did.
    public var retriesAfterSiteFaults = true
    /// The provider's token result from signing in (`SignInFlow`), sent with Register. Kept in memory
    /// only, for the run that registers: it is short-lived, and the site keeps what it needs.
    public var signInToken: OIDCToken?
    /// Test hook: named points at which the link is dropped once, as a crash would (see `CrashPoint`).
    var crashPoints: CrashPoints = CrashPoints()

    public init(home: QuireHome, knownSites: (any KnownSites)? = nil, deviceLabel: String? = nil) {
        self.home = home
        self.knownSites = knownSites ?? KnownSitesFile(path: home.knownSitesURL.path)
        self.deviceLabel =
            deviceLabel ?? (ProcessInfo.processInfo.hostName.isEmpty ? "quire" : ProcessInfo.processInfo.hostName)
    }

    /// The delay before retry number `failures` (1-based): exponential, capped, jittered.
    public func backoff(failures: Int) -> Duration {
        let base = Double(backoffBase.components.seconds) + Double(backoffBase.components.attoseconds) / 1e18
        let cap = Double(backoffMax.components.seconds)
        let exponential = min(cap, base * pow(2, Double(max(0, failures - 1))))
        let jittered = exponential * Double.random(in: 0.8...1.2)
        return .milliseconds(Int64(jittered * 1000))
    }
}

extension QuireHome {
    /// Certificates of trust-on-first-use sites, `host:port sha256` per line.
    public var knownSitesURL: URL { dataDirectory.appendingPathComponent("known_sites") }
    /// One lock file per account: whoever holds it owns the account's link.
    public var locksDirectory: URL { dataDirectory.appendingPathComponent("locks", isDirectory: true) }
    /// Enrolment bundles written for new devices, until `quire account add-device` moves them out.
    public var enrolmentsDirectory: URL { dataDirectory.appendingPathComponent("enrolments", isDirectory: true) }
}
