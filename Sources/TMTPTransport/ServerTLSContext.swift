import CNIOBoringSSL

/// The server side's TLS settings: one BoringSSL `SSL_CTX` that every accepted link's ``ServerTLSHandler`` draws
/// its connection from.
///
/// BoringSSL here is the copy NIOSSL builds and links, used directly so that a link keeps nothing beyond
/// BoringSSL's own connection state (see ``ServerTLSHandler``).
///
/// TLS 1.2 is the floor. The session cache is off: resumption goes by tickets, which cost the server no
/// memory per session, so no number of reconnecting clients can grow it.
public final class ServerTLSContext: @unchecked Sendable {
    // An `SSL_CTX` is safe to share across threads once configured, and it is never changed after `init`.
    let context: OpaquePointer
    /// The leaf certificate's fingerprint, for clients that pin the site (`=host:port#fingerprint`).
    public let fingerprint: CertificateFingerprint

    /// A context from a PEM certificate chain (leaf first) and the leaf's PEM private key.
    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws {
        let chain = try PEMReader.certificates(certificateChainPEM)
        defer { chain.forEach { X509_free($0) } }
        guard let leaf = chain.first else { throw ServerTLSError.noCertificate }
        fingerprint = CertificateFingerprint(der: try PEMReader.der(of: leaf))
        guard let method = TLS_server_method(), let context = SSL_CTX_new(method) else {
            throw ServerTLSError.setup(BoringSSLErrorQueue.drain())
        }
        self.context = context
        guard SSL_CTX_use_certificate(context, leaf) == 1 else {
            throw ServerTLSError.certificate(BoringSSLErrorQueue.drain())
        }
        for intermediate in chain.dropFirst() where SSL_CTX_add1_chain_cert(context, intermediate) != 1 {
            throw ServerTLSError.certificate(BoringSSLErrorQueue.drain())
        }
        let key = try PEMReader.privateKey(privateKeyPEM)
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw ServerTLSError.keyMismatch(BoringSSLErrorQueue.drain())
        }
        guard SSL_CTX_set_min_proto_version(context, UInt16(TLS1_2_VERSION)) == 1 else {
            throw ServerTLSError.setup(BoringSSLErrorQueue.drain())
        }
        SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF)
    }

    /// A context from PEM files on disk.
    public convenience init(certificateChainFile: String, privateKeyFile: String) throws {
        try self.init(
            certificateChainPEM: try PEMReader.contents(of: certificateChainFile),
            privateKeyPEM: try PEMReader.contents(of: privateKeyFile))
    }

    deinit {
        SSL_CTX_free(context)
    }
}
