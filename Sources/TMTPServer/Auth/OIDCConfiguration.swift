import Foundation
import TMTP

/// How a site accepts OpenID Connect identities at Register (PROTOCOL.md, TmtpRev and Register).
///
/// Clients learn the providers from `auth` and `authby` in the `tmtprev` reply, sign in with one,
/// and send the token result in Register's `oidc`. The server checks its ID token offline against
/// the signing keys of the provider whose issuer and audience it names.
public struct OIDCConfiguration: Sendable {
    /// The most providers a site may list: clients tell them apart by one letter of `state`.
    public static let maximumProviders = 26

    /// `auth` in the `tmtprev` reply: 1, sign-in is needed to register; 2, to register and log in
    /// (sent as configured; as on the reference server, only Register checks a token).
    public var auth: Int
    public var providers: [SignInProvider]
    /// Refuse Register without a token. When `false`, a token is still checked if one is sent
    /// (a bad token is refused either way), but a Register without one creates an account.
    public var required: Bool

    public init(auth: Int = 1, providers: [SignInProvider], required: Bool = true) throws(OIDCConfigurationError) {
        guard auth == 1 || auth == 2 else { throw .invalidAuth(auth) }
        guard providers.count <= Self.maximumProviders else { throw .tooManyProviders(providers.count) }
        self.auth = auth
        self.providers = providers
        self.required = required
    }

    /// `auth` and `authby` as the `tmtprev` reply carries them.
    var announcement: (auth: JSONValue, authBy: JSONValue) {
        (.number(String(auth)), .array(providers.map(\.announcement)))
    }

    /// The claims of a token from one of the providers, if every check of that provider passes.
    /// The provider is the one whose issuer and audience the token names.
    func verify(_ token: String, now: Date = Date()) async throws(IDTokenError) -> IDTokenClaims {
        guard !token.isEmpty else { throw .missing }
        let claimed = try IDTokenVerifier.unverifiedClaims(token)
        let byIssuer = providers.filter { $0.issuer == claimed.issuer }
        guard !byIssuer.isEmpty else { throw .wrongIssuer(claimed.issuer) }
        guard let provider = byIssuer.first(where: { claimed.audience.contains($0.audience) }) else {
            throw .wrongAudience(claimed.audience)
        }
        return try await provider.verify(token, now: now)
    }
}

/// Settings for OpenID Connect that cannot work together.
public enum OIDCConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidAuth(Int)
    case tooManyProviders(Int)

    public var description: String {
        switch self {
        case .invalidAuth(let value):
            "'auth' must be 1 (sign-in to register) or 2 (to register and log in), not \(value)"
        case .tooManyProviders(let count):
            "\(count) providers in [[authby]]; at most \(OIDCConfiguration.maximumProviders)"
        }
    }
}
