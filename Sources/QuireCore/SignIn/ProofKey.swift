import Crypto
import Foundation
import TMTP

/// PKCE (RFC 7636) with S256, and the random `state` of one sign-in.
struct ProofKey: Sendable {
    /// Sent only to the token endpoint, so a code intercepted on the way back is useless alone.
    let verifier: String
    let challenge: String
    /// Names the provider by a letter, as the reference client does, then 32 random bytes.
    let state: String

    init(providerIndex: Int) {
        verifier = Base64URL.encode(Self.randomBytes())
        challenge = Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
        let letter = Character(UnicodeScalar(UInt8(ascii: "A") + UInt8(min(max(providerIndex, 0), 25))))
        state = String(letter) + Base64URL.encode(Self.randomBytes())
    }

    private static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
