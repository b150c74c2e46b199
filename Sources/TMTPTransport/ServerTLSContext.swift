/// The server side's TLS settings, which every accepted link's ``ServerTLSHandler`` draws its connection from.
///
/// It is a ``BoringSSL/Context``: TLS 1.2 and 1.3, only AEAD cipher suites on TLS 1.2, resumption by ticket only.
public final class ServerTLSContext: Sendable {
    let context: BoringSSL.Context
    /// The leaf certificate's fingerprint, for clients that pin the site (`=host:port#fingerprint`).
    public let fingerprint: CertificateFingerprint

    /// A context from a PEM certificate chain (leaf first) and the leaf's PEM private key.
    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws {
        context = try BoringSSL.Context(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM)
        fingerprint = CertificateFingerprint(der: context.leafDER)
    }

    /// A context from PEM files on disk.
    public convenience init(certificateChainFile: String, privateKeyFile: String) throws {
        try self.init(
            certificateChainPEM: try PEMFile.contents(of: certificateChainFile),
            privateKeyPEM: try PEMFile.contents(of: privateKeyFile))
    }
}
