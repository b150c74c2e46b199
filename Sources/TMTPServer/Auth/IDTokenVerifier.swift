import Crypto
import Foundation
import TMTP
import _CryptoExtras

/// Checks an OpenID Connect ID token (a JWS compact-serialised JWT) offline: RS256 signature by a
/// key of the provider's set, chosen by `kid`; issuer; audience; validity window.
public struct IDTokenVerifier: Sendable {
    public var issuer: String
    /// The client id this site registered with the provider; the token's `aud` must contain it.
    public var audience: String
    public var keys: JSONWebKeySet
    /// Clock difference tolerated on `exp`, `nbf` and `iat`.
    public var leeway: Duration

    /// The largest token accepted; real ID tokens are 1-2 KB.
    static let maximumTokenSize = 16 << 10

    public init(issuer: String, audience: String, keys: JSONWebKeySet, leeway: Duration = .seconds(60)) {
        self.issuer = issuer
        self.audience = audience
        self.keys = keys
        self.leeway = leeway
    }

    /// The token's claims, if every check passes.
    public func verify(_ token: String, now: Date = Date()) throws(IDTokenError) -> IDTokenClaims {
        let parsed = try ParsedToken(token)
        guard parsed.header.alg == "RS256" else { throw .unsupportedAlgorithm(parsed.header.alg) }
        let key: _RSA.Signing.PublicKey
        if let kid = parsed.header.kid {
            guard let found = keys.keys[kid] else { throw .unknownKey(kid) }
            key = found
        } else {
            // Without `kid` the provider must have exactly one key.
            guard keys.keys.count == 1, let only = keys.keys.values.first else { throw .unknownKey("") }
            key = only
        }
        guard
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: parsed.signature),
                for: SHA256.hash(data: parsed.signingInput), padding: .insecurePKCS1v1_5)
        else { throw .badSignature }
        let claims = parsed.claims
        guard claims.issuer == issuer else { throw .wrongIssuer(claims.issuer) }
        guard claims.audience.contains(audience) else { throw .wrongAudience(claims.audience) }
        let seconds = now.timeIntervalSince1970
        let leeway = Double(self.leeway.components.seconds)
        guard let expires = claims.expires else { throw .malformed }
        guard seconds <= expires + leeway else { throw .expired }
        if let notBefore = claims.notBefore, seconds < notBefore - leeway { throw .notYetValid }
        if let issuedAt = claims.issuedAt, seconds < issuedAt - leeway { throw .notYetValid }
        return claims
    }

    /// The claims of a well-formed token, signature unchecked: to pick the provider whose keys
    /// must then check it.
    static func unverifiedClaims(_ token: String) throws(IDTokenError) -> IDTokenClaims {
        try ParsedToken(token).claims
    }

    /// A JWS compact serialisation split and decoded.
    private struct ParsedToken {
        var header: Header
        var claims: IDTokenClaims
        var signingInput: Data
        var signature: Data

        init(_ token: String) throws(IDTokenError) {
            guard token.utf8.count <= IDTokenVerifier.maximumTokenSize else { throw .malformed }
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let headerData = Base64URL.decode(parts[0]),
                let payloadData = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2]),
                let header = try? JSONDecoder().decode(Header.self, from: headerData),
                let claims = try? JSONDecoder().decode(IDTokenClaims.self, from: payloadData)
            else { throw .malformed }
            self.header = header
            self.claims = claims
            self.signature = signature
            signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        }
    }

    private struct Header: Decodable {
        var alg: String
        var kid: String?
    }
}

/// The claims of a verified ID token that the server looks at.
public struct IDTokenClaims: Sendable, Hashable, Decodable {
    public var issuer: String
    public var subject: String
    /// `aud`, a string or an array of strings.
    public var audience: [String]
    public var expires: Double?
    public var notBefore: Double?
    public var issuedAt: Double?
    public var email: String?

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", audience = "aud", expires = "exp", notBefore = "nbf", issuedAt = "iat"
        case email
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        subject = try container.decode(String.self, forKey: .subject)
        if let one = try? container.decode(String.self, forKey: .audience) {
            audience = [one]
        } else {
            audience = try container.decode([String].self, forKey: .audience)
        }
        expires = try container.decodeIfPresent(Double.self, forKey: .expires)
        notBefore = try container.decodeIfPresent(Double.self, forKey: .notBefore)
        issuedAt = try container.decodeIfPresent(Double.self, forKey: .issuedAt)
        email = try? container.decodeIfPresent(String.self, forKey: .email)
    }
}

/// Why an ID token was refused (logged; the client only sees `authentication required`).
public enum IDTokenError: Error, Hashable, Sendable {
    case missing
    case malformed
    case unsupportedAlgorithm(String)
    case unknownKey(String)
    case badSignature
    case wrongIssuer(String)
    case wrongAudience([String])
    case expired
    case notYetValid
}
