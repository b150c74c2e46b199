import Crypto
import Foundation
import _CryptoExtras

/// An OpenID provider in miniature: an RSA key, its JWKS document, and ID tokens signed with it.
public struct TestIdentityProvider: Sendable {
    public static let issuer = "https://id.example.test"
    public static let clientID = "quire-test-site"

    public let kid: String
    public let key: _RSA.Signing.PrivateKey

    public init(kid: String = "test-key-1") throws {
        self.kid = kid
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// A provider publishing `key` under `kid` (a rotated key, without generating another).
    public init(kid: String, key: _RSA.Signing.PrivateKey) {
        self.kid = kid
        self.key = key
    }

    /// Shared across tests: RSA key generation is the slow part.
    public static let shared: TestIdentityProvider? = try? TestIdentityProvider()
    /// Another key published under the same `kid`, for forged signatures.
    public static let impostor: TestIdentityProvider? = try? TestIdentityProvider()

    /// The JWKS document publishing this provider's public key.
    public func jwks() throws -> Data {
        let primitives = try key.publicKey.getKeyPrimitives()
        let document: [String: Any] = [
            "keys": [
                ["kty": "EC", "kid": "ignored-ec", "crv": "P-256", "x": "AA", "y": "AA"],
                [
                    "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                    "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent),
                ],
            ]
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    /// A signed ID token; `claims` override the valid defaults (use `NSNull()` to drop one).
    public func token(kid: String? = nil, _ claims: [String: Any] = [:]) throws -> String {
        let now = Date().timeIntervalSince1970.rounded()
        var payload: [String: Any] = [
            "iss": Self.issuer, "aud": Self.clientID, "sub": "user-42", "email": "user42@example.test",
            "iat": now, "exp": now + 600,
        ]
        for (name, value) in claims {
            if value is NSNull { payload[name] = nil } else { payload[name] = value }
        }
        let header: [String: Any] = ["alg": "RS256", "typ": "JWT", "kid": kid ?? self.kid]
        let input =
            Self.base64URL(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) + "."
            + Self.base64URL(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]))
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
