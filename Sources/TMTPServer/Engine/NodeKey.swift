import Crypto
import Foundation
import TMTP

/// Account secrets made the reference server's way (PROTOCOL.md section 3).
///
/// A node password (`nodeid`) is 25 random bytes in mnm base32; only its hash is stored, so a
/// copy of the database does not let anyone log in.
public enum NodeKey {
    /// SHA-256 rounds over the password bytes, as the reference's userdb.
    public static let hashRounds = 22389

    /// A fresh node password: 40 mnm-base32 characters.
    public static func makePassword() -> (text: String, bytes: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<25).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return (MnmBase32.encode(bytes), bytes)
    }

    /// The stored form of a node password: base32 of SHA-256 applied `hashRounds` times, the first
    /// over the raw bytes, with the `=` padding removed (52 characters).
    ///
    /// Deliberately slow (milliseconds): call it off the event loops.
    public static func hash(_ password: [UInt8]) -> String {
        var digest = SHA256.hash(data: password)
        for _ in 1..<hashRounds {
            digest = digest.withUnsafeBytes { SHA256.hash(data: $0) }
        }
        let text = digest.withUnsafeBytes { MnmBase32.encode($0) }
        return String(text.prefix { $0 != "=" })
    }

    /// A new uid: mnm base32 of SHA-1 over random bytes and the time, 32 characters.
    public static func makeUID(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        var seed = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let nanoseconds = UInt64(max(0, now.timeIntervalSince1970 * 1_000_000_000))
        withUnsafeBytes(of: nanoseconds.bigEndian) { seed.append(contentsOf: $0) }
        let digest = Insecure.SHA1.hash(data: seed)
        return digest.withUnsafeBytes { MnmBase32.encode($0) }
    }
}
