import Foundation
import TMTP

/// A provider a site offers for signing in, as its `tmtprev` reply lists it in `authby`:
/// `{"label", "login": [authorize URL, parameters], "token": [token URL, parameters]}`.
public struct SignInOption: Sendable, Hashable {
    public var label: String
    public var login: Endpoint
    public var token: Endpoint

    /// An endpoint URL and the `name=value&...` parameters the site gives for it.
    public struct Endpoint: Sendable, Hashable {
        public var url: String
        public var parameters: String

        public init(url: String, parameters: String) {
            self.url = url
            self.parameters = parameters
        }

        /// The value of parameter `name`, percent-decoded.
        func value(of name: String) -> String? {
            FormParameters(parameters)[name]
        }
    }

    public init(label: String, login: Endpoint, token: Endpoint) {
        self.label = label
        self.login = login
        self.token = token
    }

    /// The providers of a `tmtprev` reply; none when `auth` is absent or 0. Entries that are not
    /// providers are skipped, and at most 26 are kept (the reference client's limit: one letter of
    /// `state` names the provider).
    public static func offered(by reply: ServerMessage.TmtpRev) -> [SignInOption] {
        guard case .number(let auth)? = reply.auth, auth != "0", case .array(let entries)? = reply.authBy else {
            return []
        }
        return Array(entries.compactMap(option).prefix(26))
    }

    private static func option(_ entry: JSONValue) -> SignInOption? {
        guard case .object(let members) = entry else { return nil }
        // Go matches JSON keys to fields without regard to case, and so does the reference client.
        func member(_ name: String) -> JSONValue? { members.last { $0.key.lowercased() == name }?.value }
        func endpoint(_ name: String) -> Endpoint? {
            guard case .array(let pair)? = member(name), pair.count == 2, case .string(let url) = pair[0],
                case .string(let parameters) = pair[1], !url.isEmpty
            else { return nil }
            return Endpoint(url: url, parameters: parameters)
        }
        guard case .string(let label)? = member("label"), let login = endpoint("login"), let token = endpoint("token")
        else { return nil }
        return SignInOption(label: label, login: login, token: token)
    }
}
