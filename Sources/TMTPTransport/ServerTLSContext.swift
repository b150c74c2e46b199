import Synchronization

/// The server side's TLS settings, which every accepted link's ``ServerTLSHandler`` draws its connection from.
///
/// It is a ``BoringSSL/Context``: TLS 1.2 and 1.3, only AEAD cipher suites on TLS 1.2, resumption by ticket only.
/// ``reload(certificateChainFile:privateKeyFile:)`` swaps in a renewed certificate: handshakes that start later
/// use it, while links already open keep the connection (and the old certificate) they were made with.
public final class ServerTLSContext: Sendable {
    private struct Current {
        var context: BoringSSL.Context
        var fingerprint: CertificateFingerprint
    }

    private let current: Mutex<Current>

    /// The context new connections are made from.
    var context: BoringSSL.Context { current.withLock { $0.context } }

    /// The leaf certificate's fingerprint, for clients that pin the site (`=host:port#fingerprint`).
    public var fingerprint: CertificateFingerprint { current.withLock { $0.fingerprint } }

    /// A context from a PEM certificate chain (leaf first) and the leaf's PEM private key.
    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws {
        current = Mutex(try Self.load(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM))
    }

    /// A context from PEM files on disk.
    public convenience init(certificateChainFile: String, privateKeyFile: String) throws {
        try self.init(
            certificateChainPEM: try PEMFile.contents(of: certificateChainFile),
            privateKeyPEM: try PEMFile.contents(of: privateKeyFile))
    }

    /// Reads the files again and, only when they make a usable context (a certificate whose key matches),
    /// uses it for new handshakes; otherwise throws and keeps the current one. Returns the new fingerprint.
    @discardableResult
    public func reload(certificateChainFile: String, privateKeyFile: String) throws -> CertificateFingerprint {
        let loaded = try Self.load(
            certificateChainPEM: try PEMFile.contents(of: certificateChainFile),
            privateKeyPEM: try PEMFile.contents(of: privateKeyFile))
        current.withLock { $0 = loaded }
        return loaded.fingerprint
    }

    private static func load(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws -> Current {
        let context = try BoringSSL.Context(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM)
        return Current(context: context, fingerprint: CertificateFingerprint(der: context.leafDER))
    }
}
