/// Why the server's TLS could not be set up, or why a link's TLS failed.
public enum ServerTLSError: Error, Equatable, CustomStringConvertible {
    /// A file named for the certificate or key could not be read.
    case unreadableFile(path: String, reason: String)
    /// The certificate PEM held no certificate.
    case noCertificate
    /// A certificate in the PEM could not be parsed or used.
    case certificate(String)
    /// The key PEM held no usable private key.
    case privateKey(String)
    /// The private key does not belong to the leaf certificate.
    case keyMismatch(String)
    /// BoringSSL refused a setting or could not make a connection.
    case setup(String)
    /// The peer's handshake failed (wrong protocol, no common version or cipher, bad records).
    case handshakeFailed(String)
    /// A record after the handshake failed to decrypt or broke the protocol.
    case protocolFailure(String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .noCertificate: "the certificate file holds no PEM certificate"
        case .certificate(let detail): "unusable certificate: \(detail)"
        case .privateKey(let detail): "unusable private key: \(detail)"
        case .keyMismatch(let detail): "the private key does not match the certificate: \(detail)"
        case .setup(let detail): "TLS setup failed: \(detail)"
        case .handshakeFailed(let detail): "TLS handshake failed: \(detail)"
        case .protocolFailure(let detail): "TLS failure: \(detail)"
        }
    }
}
