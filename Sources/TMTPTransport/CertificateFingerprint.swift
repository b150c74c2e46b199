import Foundation
import Crypto

/// The SHA-256 digest of a certificate's DER encoding, the value `=host:port#<hex>` pins.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Fingerprints the DER bytes of a certificate.
    public init(der: some DataProtocol) {
        bytes = Array(SHA256.hash(data: der))
    }

    /// Parses 64 hex digits, either case, optionally separated by colons as `openssl x509 -fingerprint` prints.
    public init?(hex: some StringProtocol) {
        let digits = String(hex).filter { $0 != ":" }
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    /// Lowercase hex, no separators.
    public var hex: String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    public var description: String { hex }
}
