/// TLS settings for the server side of a link.
public enum ServerTLS {
    /// A server context from a PEM certificate chain and a PEM private key.
    public static func context(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws -> ServerTLSContext {
        try ServerTLSContext(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM)
    }

    /// A server context from PEM files on disk.
    public static func context(certificateChainFile: String, privateKeyFile: String) throws -> ServerTLSContext {
        try ServerTLSContext(certificateChainFile: certificateChainFile, privateKeyFile: privateKeyFile)
    }
}
