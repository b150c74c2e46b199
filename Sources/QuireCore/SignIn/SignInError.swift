/// Why signing in with a site's provider did not give a token; each says what to do next.
public enum SignInError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The site lists several providers and none was chosen.
    case chooseProvider([String])
    /// `--provider LABEL` names none of the site's providers.
    case unknownProvider(String, [String])
    /// The provider's token endpoint could not be reached.
    case unreachable(String, String)
    /// The provider sent the browser back with `error` (the user declined, or the provider refused).
    case denied(String, String?)
    /// The redirect's `state` is not the one this sign-in sent: it belongs to another sign-in, or was forged.
    case stateMismatch
    /// The pasted text is not the redirect URL (no `code` and no `error` in it).
    case notARedirect(String)
    /// The token endpoint refused the code.
    case tokenRefused(String)
    /// The token endpoint's answer has no `id_token`.
    case noIDToken
    /// A provider URL that would carry the code or token in the clear off this machine.
    case insecureURL(String)
    /// Nothing came back within the time allowed.
    case timedOut
    /// The sign-in was abandoned (end of input, or the screen was left).
    case cancelled

    public var description: String {
        switch self {
        case .chooseProvider(let labels):
            "the site offers several sign-in providers (\(labels.joined(separator: ", "))); pick one with --provider LABEL"
        case .unknownProvider(let label, let labels):
            "the site has no sign-in provider \"\(label)\" (it offers \(labels.joined(separator: ", ")))"
        case .unreachable(let url, let reason):
            "cannot reach the sign-in provider at \(url): \(reason)"
        case .denied(let error, let description):
            "the sign-in was denied by the provider (\(error)\(description.map { ": \($0)" } ?? ""))"
        case .stateMismatch:
            "the redirect does not belong to this sign-in (its state does not match); sign in again"
        case .notARedirect(let text):
            "\"\(text)\" is not the address the browser was sent back to (it has no code); paste the whole URL"
        case .tokenRefused(let reason):
            "the sign-in provider refused to issue a token: \(reason)"
        case .noIDToken:
            "the sign-in provider's token has no id_token, which the site needs"
        case .insecureURL(let url):
            "the sign-in provider's token URL \(url) must use https (http only on this machine)"
        case .timedOut:
            "no sign-in arrived in time; run the command again"
        case .cancelled:
            "the sign-in was cancelled"
        }
    }
}
