import ArgumentParser
import TMTPServer

/// The OpenID Connect settings of `tmtpd serve`, as options or config keys of the same names.
struct OIDCOptions: ParsableArguments {
    @Option(name: .customLong("oidc-auth"), help: "Sign-in URL sent to clients as `auth` in tmtprev.")
    var auth: String?
    @Option(name: .customLong("oidc-authby"), help: "Provider name sent to clients as `authby` in tmtprev.")
    var authBy: String?
    @Option(name: .customLong("oidc-issuer"), help: "The `iss` an ID token must carry.")
    var issuer: String?
    @Option(name: .customLong("oidc-client-id"), help: "This site's client id; an ID token's `aud` must contain it.")
    var clientID: String?
    @Option(
        name: .customLong("oidc-jwks"),
        help: "The provider's signing keys: an https URL fetched at start, or a JWKS file.")
    var jwks: String?
    @Option(name: .customLong("oidc-required"), help: "Refuse Register without a valid ID token (default true).")
    var required: Bool?

    /// `nil` when no OIDC key is set; otherwise every key but `oidc-required` must be, and the
    /// signing keys are loaded (so a wrong URL or file stops the server at start, not at Register).
    func configuration(file: ConfigFile?) async throws -> OIDCConfiguration? {
        let values: [(String, String?)] = [
            ("oidc-auth", try auth ?? file?.string("oidc-auth")),
            ("oidc-authby", try authBy ?? file?.string("oidc-authby")),
            ("oidc-issuer", try issuer ?? file?.string("oidc-issuer")),
            ("oidc-client-id", try clientID ?? file?.string("oidc-client-id")),
            ("oidc-jwks", try jwks ?? file?.string("oidc-jwks")),
        ]
        let required = try self.required ?? file?.boolean("oidc-required")
        guard values.contains(where: { $0.1 != nil }) || required != nil else { return nil }
        let missing = values.filter { $0.1?.isEmpty ?? true }.map { "--" + $0.0 }
        guard missing.isEmpty else {
            throw ValidationError("OpenID Connect also needs \(missing.joined(separator: ", "))")
        }
        let setting = values.map { $0.1 ?? "" }
        let keys = try await JSONWebKeySet.load(from: try JSONWebKeySet.Source(setting[4]))
        return OIDCConfiguration(
            auth: setting[0], authBy: setting[1],
            verifier: IDTokenVerifier(issuer: setting[2], audience: setting[3], keys: keys),
            required: required ?? true)
    }
}
