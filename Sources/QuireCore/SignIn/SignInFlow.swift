import Foundation
import TMTP

/// One sign-in with a site's provider: the OAuth authorization-code flow with PKCE S256 and a random
/// `state`, made for a terminal that may be on another machine than the browser.
///
/// Start it, show `authorizationURL`, then finish it with the address the browser was sent back to:
/// it arrives by itself through `redirects` when the site's `redirect_uri` is a loopback address this
/// machine could listen on (`listens`), or the user pastes it from the browser's address bar. The
/// result is the provider's token result, for Register's `oidc`. The CLI and the TUI both drive it.
public final class SignInFlow: Sendable {
    public let option: SignInOption
    /// The URL to open in a browser.
    public let authorizationURL: String
    /// Where the provider sends the browser back (the site's `redirect_uri`), when it names one.
    public let redirectURI: URL?
    /// Why a loopback `redirect_uri` could not be listened on (the port is taken), if so.
    public let listenFailure: String?
    private let proof: ProofKey
    private let listener: RedirectListener?

    private init(
        option: SignInOption, proof: ProofKey, redirectURI: URL?, listener: RedirectListener?, listenFailure: String?
    ) {
        self.option = option
        self.proof = proof
        self.redirectURI = redirectURI
        self.listener = listener
        self.listenFailure = listenFailure
        var url = option.login.url
        url += url.contains("?") ? "&" : "?"
        if !option.login.parameters.isEmpty { url += option.login.parameters + "&" }
        url += "code_challenge_method=S256&code_challenge=\(proof.challenge)&state=\(proof.state)"
        authorizationURL = url
    }

    /// Whether the redirect arrives by itself on a local listener (else it must be pasted).
    public var listens: Bool { listener != nil }

    /// Request targets the local listener received (empty and finished when not listening).
    public var redirects: AsyncStream<String> {
        listener?.targets ?? AsyncStream { $0.finish() }
    }

    /// Picks the provider: the one named `label`, or the only one.
    public static func choose(_ label: String?, from options: [SignInOption]) throws(SignInError) -> Int {
        let labels = options.map(\.label)
        if let label {
            guard let index = labels.firstIndex(of: label) else { throw .unknownProvider(label, labels) }
            return index
        }
        guard options.count == 1 else { throw .chooseProvider(labels) }
        return 0
    }

    /// Prepares a sign-in with `options[index]`; listening, if it can, before it returns.
    public static func start(_ options: [SignInOption], index: Int) async -> SignInFlow {
        let option = options[index]
        let redirect = option.login.value(of: "redirect_uri") ?? option.token.value(of: "redirect_uri")
        let redirectURI = redirect.flatMap(URL.init(string:))
        var listener: RedirectListener?
        var failure: String?
        if let redirectURI, redirectURI.scheme?.lowercased() == "http", LoopbackHost.contains(redirectURI.host) {
            let host = redirectURI.host == "localhost" ? "127.0.0.1" : (redirectURI.host ?? "127.0.0.1")
            do {
                listener = try await RedirectListener.start(
                    host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: redirectURI.port ?? 80,
                    path: redirectURI.path.isEmpty ? "/" : redirectURI.path)
            } catch {
                failure = "\(error)"
            }
        }
        return SignInFlow(
            option: option, proof: ProofKey(providerIndex: index), redirectURI: redirectURI, listener: listener,
            listenFailure: failure)
    }

    /// Checks the redirect (a whole URL, a request target, or just its query) and swaps its code
    /// for the provider's token result.
    public func finish(redirect: String) async throws(SignInError) -> OIDCToken {
        let code = try code(in: redirect)
        return try await TokenExchange.exchange(at: option.token, code: code, verifier: proof.verifier)
    }

    /// The authorization code in a redirect, once its `state` is this sign-in's.
    func code(in redirect: String) throws(SignInError) -> String {
        let text = redirect.trimmingCharacters(in: .whitespacesAndNewlines)
        let query = text.firstIndex(of: "?").map { text[text.index(after: $0)...] } ?? text[...]
        let items = FormParameters(query.split(separator: "#", omittingEmptySubsequences: false).first ?? "")
        if let error = items["error"] {
            guard items["state"] == proof.state else { throw .stateMismatch }
            throw .denied(error, items["error_description"])
        }
        guard let code = items["code"], !code.isEmpty else { throw .notARedirect(String(text.prefix(80))) }
        guard items["state"] == proof.state else { throw .stateMismatch }
        return code
    }

    /// Stops listening.
    public func close() async {
        await listener?.close()
    }
}

/// A sign-in is itself: the TUI passes it between threads in notes, which compare by identity.
extension SignInFlow: Hashable {
    public static func == (lhs: SignInFlow, rhs: SignInFlow) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
