import NIOSSL
import TMTPTransport

/// The site every input talks to: one certificate and one server context for the whole run, as in tmtpd, and a
/// NIOSSL client context for each kind of client the inputs can ask for.
struct FuzzSite: Sendable {
    /// The clients an input can choose: TLS 1.3, or TLS 1.2 held to one of the suites the server offers.
    enum Client: Int, CaseIterable, Sendable {
        case tls13
        case tls12AES128
        case tls12AES256
        case tls12ChaCha

        var cipherSuite: String? {
            switch self {
            case .tls13: nil
            case .tls12AES128: "ECDHE-ECDSA-AES128-GCM-SHA256"
            case .tls12AES256: "ECDHE-ECDSA-AES256-GCM-SHA384"
            case .tls12ChaCha: "ECDHE-ECDSA-CHACHA20-POLY1305"
            }
        }
    }

    let server: ServerTLSContext
    /// One per ``Client`` case, in order.
    private let clients: [NIOSSLContext]

    static let shared: FuzzSite = {
        do {
            return try FuzzSite()
        } catch {
            fatalError("tls-fuzz: cannot set up the site: \(error)")
        }
    }()

    private init() throws {
        let certificate = try SelfSignedCertificate(commonName: "tls-fuzz", hosts: ["localhost"])
        server = try ServerTLSContext(
            certificateChainPEM: Array(certificate.certificatePEM.utf8),
            privateKeyPEM: Array(certificate.privateKeyPEM.utf8))
        let root = try NIOSSLCertificate(bytes: Array(certificate.certificatePEM.utf8), format: .pem)
        clients = try Client.allCases.map { client in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates([root])
            if let suite = client.cipherSuite {
                configuration.maximumTLSVersion = .tlsv12
                configuration.cipherSuites = suite
            }
            return try NIOSSLContext(configuration: configuration)
        }
    }

    func context(for client: Client) -> NIOSSLContext {
        clients[client.rawValue]
    }
}
