/// Where a TMTP site lives and how its certificate is trusted.
///
/// Two written forms are in use:
/// - `+host:port`: a site with a certificate from a public authority, checked against the system CAs.
/// - `=host:port` or `=host:port#<sha256-hex>`: a self-signed site, pinned by the certificate's SHA-256
///   fingerprint when one is given, otherwise trusted on first use.
public struct SiteAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Trust: Sendable, Hashable {
        /// Verify the chain against the system's certificate authorities and the host name.
        case certificateAuthorities
        /// Accept exactly the certificate with this fingerprint.
        case pinned(CertificateFingerprint)
        /// Remember the first certificate seen; refuse a different one later.
        case trustOnFirstUse
    }

    public var host: String
    public var port: Int
    public var trust: Trust

    public init(host: String, port: Int, trust: Trust) {
        self.host = host
        self.port = port
        self.trust = trust
    }

    /// Parses `+host:port`, `=host:port` or `=host:port#fingerprint`; IPv6 hosts go in brackets.
    public init(parsing text: String) throws(SiteAddressError) {
        guard let sigil = text.first, sigil == "+" || sigil == "=" else {
            throw SiteAddressError(text, "must start with '+' (CA-verified) or '=' (self-signed)")
        }
        var rest = Substring(text.dropFirst())
        var pin: CertificateFingerprint?
        if let hash = rest.firstIndex(of: "#") {
            guard sigil == "=" else {
                throw SiteAddressError(text, "a '#fingerprint' pin is only for '=' (self-signed) sites")
            }
            guard let parsed = CertificateFingerprint(hex: rest[rest.index(after: hash)...]) else {
                throw SiteAddressError(text, "the fingerprint must be 64 hex digits (a SHA-256)")
            }
            pin = parsed
            rest = rest[..<hash]
        }
        let host: Substring
        let portText: Substring
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].first == ":" else {
                throw SiteAddressError(text, "an IPv6 host must be written [addr]:port")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            portText = rest[rest.index(close, offsetBy: 2)...]
        } else {
            guard let colon = rest.lastIndex(of: ":") else {
                throw SiteAddressError(text, "missing ':port'")
            }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw SiteAddressError(text, "missing host") }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw SiteAddressError(text, "the port must be a number from 1 to 65535")
        }
        self.host = String(host)
        self.port = port
        switch (sigil, pin) {
        case ("+", _): self.trust = .certificateAuthorities
        case (_, .some(let pin)): self.trust = .pinned(pin)
        default: self.trust = .trustOnFirstUse
        }
    }

    /// `host:port`, with IPv6 hosts in brackets; the key under which a first-use certificate is remembered.
    public var endpoint: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public var description: String {
        switch trust {
        case .certificateAuthorities: "+\(endpoint)"
        case .pinned(let fingerprint): "=\(endpoint)#\(fingerprint.hex)"
        case .trustOnFirstUse: "=\(endpoint)"
        }
    }
}

/// A site address that could not be parsed, with the reason.
public struct SiteAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String

    init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid site address '\(text)': \(reason)" }
}
