import Foundation
import TMTPTransport

/// The site's TLS certificate: given as PEM files, or self-signed and kept in the data directory.
struct SiteCertificate {
    let certificateFile: String
    let keyFile: String
    let created: Bool

    /// Uses `cert`/`key` when given; otherwise `DATA/tls/cert.pem` and `key.pem`, made on first start.
    static func load(cert: String?, key: String?, dataDirectory: String, host: String) throws -> SiteCertificate {
        if let cert, let key {
            return SiteCertificate(certificateFile: cert, keyFile: key, created: false)
        }
        let directory = dataDirectory + "/tls"
        let certFile = directory + "/cert.pem"
        let keyFile = directory + "/key.pem"
        let files = FileManager.default
        if files.fileExists(atPath: certFile) && files.fileExists(atPath: keyFile) {
            return SiteCertificate(certificateFile: certFile, keyFile: keyFile, created: false)
        }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var hosts = ["localhost", "127.0.0.1", "::1"]
        if !hosts.contains(host) && !host.isEmpty && host != "0.0.0.0" && host != "::" { hosts.insert(host, at: 0) }
        let made = try SelfSignedCertificate(commonName: hosts[0], hosts: hosts)
        guard
            files.createFile(
                atPath: keyFile, contents: Data(made.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]),
            files.createFile(atPath: certFile, contents: Data(made.certificatePEM.utf8))
        else {
            throw ServeError("cannot write the certificate into \(directory)")
        }
        return SiteCertificate(certificateFile: certFile, keyFile: keyFile, created: true)
    }
}

/// A failure of `tmtpd` itself, printed as is.
struct ServeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
