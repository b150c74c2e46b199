import Crypto
import Foundation
import SwiftASN1
import X509

/// A fresh self-signed certificate and its key, in PEM, for a site that has no certificate from an authority
/// (the `=host:port` form). Clients pin it by ``fingerprint``.
public struct SelfSignedCertificate: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    public let fingerprint: CertificateFingerprint

    /// Makes a P-256 certificate valid from now for `validity`, naming `hosts` (DNS names or IP literals).
    public init(commonName: String, hosts: [String], validity: TimeInterval = 10 * 365 * 24 * 3600) throws {
        let cryptoKey = P256.Signing.PrivateKey()
        let key = Certificate.PrivateKey(cryptoKey)
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let alternativeNames: [GeneralName] = hosts.map { host in
            if let address = IPv4Address(host) ?? IPv6Address(host) {
                return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address)))
            }
            return .dnsName(host)
        }
        let extensions = try Certificate.Extensions {
            // Its own root too: verifiers that take it as a trust anchor (a `+host:port` site whose users added
            // it to their authorities) require an authority's constraints.
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(alternativeNames)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: key
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        certificatePEM = PEMDocument(type: "CERTIFICATE", derBytes: serializer.serializedBytes).pemString
        privateKeyPEM = cryptoKey.pemRepresentation
        fingerprint = CertificateFingerprint(der: serializer.serializedBytes)
    }
}

/// Parses a dotted-quad IPv4 literal into its 4 bytes.
private func IPv4Address(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
        guard let byte = UInt8(part) else { return nil }
        bytes.append(byte)
    }
    return bytes
}

/// Parses an IPv6 literal into its 16 bytes with `inet_pton`.
private func IPv6Address(_ text: String) -> [UInt8]? {
    var address = in6_addr()
    guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
    return withUnsafeBytes(of: &address) { Array($0) }
}
