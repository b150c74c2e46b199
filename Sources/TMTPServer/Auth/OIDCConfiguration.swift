import Foundation

/// How a site accepts OpenID Connect identities at Register (PROTOCOL.md, TmtpRev and Register).
///
/// Clients learn where to sign in from `auth` and `authby` in the `tmtprev` reply, obtain an ID
/// token from that provider, and send it in Register's `oidc.id_token`. The server checks the token
/// offline against the provider's signing keys, loaded once at startup.
public struct OIDCConfiguration: Sendable {
    /// `auth` in the `tmtprev` reply: where clients sign in (the provider's authorization URL).
    public var auth: String
    /// `authby` in the `tmtprev` reply: the provider's name, as clients show it.
    public var authBy: String
    /// What the token must carry, and the keys that may sign it.
    public var verifier: IDTokenVerifier
    /// Refuse Register without a valid token. When `false`, a token is still checked if one is sent
    /// (a bad token is refused either way), but a Register without one creates an account.
    public var required: Bool

    public init(auth: String, authBy: String, verifier: IDTokenVerifier, required: Bool = true) {
        self.auth = auth
        self.authBy = authBy
        self.verifier = verifier
        self.required = required
    }
}
