/// Why a link could not be set up or went down.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The site showed a certificate other than the pinned one.
    case pinMismatch(site: String, expected: CertificateFingerprint, presented: CertificateFingerprint)
    /// A trust-on-first-use site showed a certificate other than the one it showed first.
    case certificateChanged(site: String, remembered: CertificateFingerprint, presented: CertificateFingerprint)
    /// The site presented no certificate at all.
    case noCertificate(site: String)
    /// Connecting did not complete in time.
    case connectTimeout(site: String)
    /// No connection could be made (refused, unreachable, no such host): the reason in the
    /// system's words.
    case cannotConnect(site: String, reason: String)
    /// The link is closed; nothing more can be sent on it.
    case closed
    /// The peer broke the framing rules; the reference server's reason string.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .pinMismatch(let site, let expected, let presented):
            "\(site): the certificate does not match the pinned fingerprint (pinned \(expected), presented \(presented))"
        case .certificateChanged(let site, let remembered, let presented):
            "\(site): the certificate has CHANGED since it was first trusted (was \(remembered), now \(presented)); "
                + "if the site really changed it, remove the old entry from the known-sites file or pin the new one"
        case .noCertificate(let site):
            "\(site): no certificate presented"
        case .connectTimeout(let site):
            "\(site): connection timed out"
        case .cannotConnect(let site, let reason):
            "\(site): cannot connect: \(reason)"
        case .closed:
            "link closed"
        case .protocolViolation(let reason):
            "protocol violation: \(reason)"
        }
    }
}
