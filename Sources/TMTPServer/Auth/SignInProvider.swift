import Foundation
import TMTP

/// One OpenID Connect provider a site accepts at Register: what `tmtprev` tells clients about it
/// (`label`, `login`, `token`), and what its ID tokens must carry (issuer, audience, signing keys).
public struct SignInProvider: Sendable {
    /// The name clients show for it.
    public let label: String
    /// The authorization endpoint and its query parameters, `name=value` joined with `&`.
    public let login: EndpointParameters
    /// The token endpoint and its form parameters, `name=value` joined with `&`.
    public let token: EndpointParameters
    /// What a token from this provider must carry, and the keys that may sign it.
    public let issuer: String
    public let audience: String
    public let keys: ProviderKeys

    /// An endpoint URL and the parameters a client adds to it.
    public struct EndpointParameters: Sendable, Hashable {
        public var url: String
        public var parameters: String
    }

    /// Builds a provider the way the configuration names it: `login` and `token` are
    /// `[URL, "name=value", ...]`, and `std` parameters are added to both, after their own.
    public init(
        label: String, login: [String], token: [String], std: [String], issuer: String, audience: String,
        keys: ProviderKeys
    ) throws(SignInProviderError) {
        guard !label.isEmpty else { throw .missing("label") }
        self.label = label
        self.login = try Self.endpoint(login, std: std, key: "login")
        self.token = try Self.endpoint(token, std: std, key: "token")
        guard !issuer.isEmpty else { throw .missing("iss") }
        guard !audience.isEmpty else { throw .missing("aud") }
        self.issuer = issuer
        self.audience = audience
        self.keys = keys
    }

    private static func endpoint(_ setting: [String], std: [String], key: String) throws(SignInProviderError)
        -> EndpointParameters
    {
        guard let url = setting.first, !url.isEmpty else { throw .missing(key) }
        guard SignInURL.isAllowed(url) else { throw .insecureURL(key, url) }
        let parameters = (setting.dropFirst() + std).filter { !$0.isEmpty }
        guard !parameters.isEmpty else { throw .noParameters(key) }
        return EndpointParameters(url: url, parameters: parameters.joined(separator: "&"))
    }

    /// The provider as `authby` lists it: `{"label","login":[URL,params],"token":[URL,params]}`.
    var announcement: JSONValue {
        .object([
            JSONValue.Member("label", .string(label)),
            JSONValue.Member("login", .array([.string(login.url), .string(login.parameters)])),
            JSONValue.Member("token", .array([.string(token.url), .string(token.parameters)])),
        ])
    }

    /// Checks a token this provider issued; when it names a key this site has not seen, fetches the
    /// provider's keys again (as often as `ProviderKeys` allows) in case they were rotated.
    func verify(_ token: String, now: Date) async throws(IDTokenError) -> IDTokenClaims {
        do {
            return try verifier(await keys.current).verify(token, now: now)
        } catch .unknownKey(let kid) {
            guard let refreshed = await keys.refetch(now: now) else { throw .unknownKey(kid) }
            return try verifier(refreshed).verify(token, now: now)
        }
    }

    private func verifier(_ keys: JSONWebKeySet) -> IDTokenVerifier {
        IDTokenVerifier(issuer: issuer, audience: audience, keys: keys)
    }
}

/// Why a provider's settings cannot be used; `tmtpd serve` names the file and provider with it.
public enum SignInProviderError: Error, Hashable, Sendable, CustomStringConvertible {
    case missing(String)
    case noParameters(String)
    case insecureURL(String, String)

    public var description: String {
        switch self {
        case .missing(let key): "'\(key)' is missing or empty"
        case .noParameters(let key): "'\(key)' has a URL but no name=value parameters (and 'std' adds none)"
        case .insecureURL(let key, let url): "'\(key)': \(url) must use https (http only on a loopback host)"
        }
    }
}

/// The URLs a site accepts for providers and their keys: https, or plain http on a loopback host
/// (a provider on the same machine, or in tests).
enum SignInURL {
    static func isAllowed(_ text: String) -> Bool {
        guard let url = URL(string: text) else { return false }
        return isAllowed(url)
    }

    static func isAllowed(_ url: URL) -> Bool {
        let scheme = url.scheme?.lowercased()
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
        return (scheme == "https" && url.host != nil) || (scheme == "http" && loopback)
    }
}
