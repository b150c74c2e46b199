import CoreMetrics
import TMTP

/// The site's counters and histograms, reported through swift-metrics to whatever backend the process
/// bootstrapped (tmtpd's `--metrics` exporter); without one they cost a no-op call.
///
/// Created on first use, after the process bootstrapped its backend. The names are tmtpd(8)'s list.
enum SiteMetrics {
    /// Posts and PostNotifies committed and acked.
    static let posts = Counter(label: "tmtpd_posts_total")
    /// Messages written to a node's link, a resend after an ack timeout counted again.
    static let deliveries = Counter(label: "tmtpd_deliveries_total")
    /// Client acks that removed a message from a node's queue.
    static let acks = Counter(label: "tmtpd_acks_total")
    /// Accounts created by Register.
    static let registrations = Counter(label: "tmtpd_registrations_total")
    /// Seconds from a commit's start to its fsync's end.
    static let commitDuration = Timer(label: "tmtpd_commit_duration_seconds", preferredDisplayUnit: .seconds)
    /// Writes carried by one commit.
    static let commitBatchSize = Recorder(label: "tmtpd_commit_batch_size", aggregate: true)

    /// A link ended, for a reason from a short fixed list (so the series stay few).
    static func linkEnded(_ outcome: String) {
        Counter(label: "tmtpd_quits_total", dimensions: [("reason", reason(of: outcome))]).increment()
    }

    /// The reason label of a session's outcome line.
    static func reason(of outcome: String) -> String {
        if outcome.hasPrefix("eof") { return "eof" }
        if outcome == "quit \(QuitReason.logoutOK.rawValue)" { return "logout" }
        if outcome.contains("by the operator") { return "operator" }
        if outcome.contains("timeout") || outcome.contains("timed out") { return "timeout" }
        if outcome.hasPrefix("quit") { return "refused" }
        return "error"
    }
}
