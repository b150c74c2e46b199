import AsyncHTTPClient
import Foundation
import NIOCore
import TMTP
import TMTPTransport

/// Swaps an authorization code for the provider's token result at its token endpoint: a form POST
/// through AsyncHTTPClient, answered with the JSON the site expects in Register's `oidc`.
enum TokenExchange {
    static let maximumResponseSize = 1 << 20

    static func exchange(
        at endpoint: SignInOption.Endpoint, code: String, verifier: String, timeout: Duration = .seconds(30)
    ) async throws(SignInError) -> OIDCToken {
        guard let url = URL(string: endpoint.url), LoopbackHost.isSecureOrLocal(url) else {
            throw .insecureURL(endpoint.url)
        }
        var form = endpoint.parameters
        if !form.isEmpty { form += "&" }
        form += "code=\(formEncoded(code))&code_verifier=\(verifier)"
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(30))
        // One request with a person waiting: a refused connection is said at once, not retried
        // until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let reply = await post(form, to: endpoint.url, timeout: timeout, client)
        try? await client.shutdown()
        guard case .success(let (status, body)) = reply else {
            if case .failure(let error) = reply { throw .unreachable(endpoint.url, reason(error)) }
            throw .unreachable(endpoint.url, "no answer")
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView))
        guard status == 200, let answer else {
            let reason = answer?.error.map { $0 + (answer?.errorDescription.map { ": \($0)" } ?? "") }
            throw .tokenRefused(reason ?? "HTTP status \(status)")
        }
        if let error = answer.error { throw .tokenRefused(error) }
        guard let idToken = answer.idToken, !idToken.isEmpty else { throw .noIDToken }
        return OIDCToken(
            tokenType: answer.tokenType ?? "", expiresIn: answer.expiresIn ?? 0, accessToken: answer.accessToken ?? "",
            idToken: idToken, refreshToken: answer.refreshToken ?? "", scope: answer.scope ?? "")
    }

    private static func post(_ form: String, to url: String, timeout: Duration, _ client: HTTPClient) async
        -> Result<(UInt, ByteBuffer), any Error>
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "quire")
        request.body = .bytes(ByteBuffer(string: form))
        do {
            let response = try await client.execute(request, timeout: .seconds(timeout.components.seconds))
            return .success((response.status.code, try await response.body.collect(upTo: maximumResponseSize)))
        } catch {
            return .failure(error)
        }
    }

    /// Why the endpoint could not be reached, in the system's words when no connection could be
    /// made ("Connection refused"), not the client's wrapping of it.
    static func reason(_ error: any Error) -> String {
        ConnectionFailure.reason(error) ?? "\(error)"
    }

    /// `application/x-www-form-urlencoded` for one value.
    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The token endpoint's JSON (RFC 6749 section 5); `expires_in` as a number or a string.
    private struct Answer: Decodable {
        var tokenType, accessToken, idToken, refreshToken, scope, error, errorDescription: String?
        var expiresIn: UInt64?

        enum CodingKeys: String, CodingKey {
            case tokenType = "token_type", accessToken = "access_token", idToken = "id_token"
            case refreshToken = "refresh_token", scope, error, errorDescription = "error_description"
            case expiresIn = "expires_in"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func text(_ key: CodingKeys) -> String? { try? container.decodeIfPresent(String.self, forKey: key) }
            tokenType = text(.tokenType)
            accessToken = text(.accessToken)
            idToken = text(.idToken)
            refreshToken = text(.refreshToken)
            scope = text(.scope)
            error = text(.error)
            errorDescription = text(.errorDescription)
            expiresIn =
                (try? container.decodeIfPresent(UInt64.self, forKey: .expiresIn))
                ?? text(.expiresIn).flatMap(UInt64.init)
        }
    }
}

/// Addresses of this machine, where plain http is as private as https.
enum LoopbackHost {
    static let names: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    static func contains(_ host: String?) -> Bool { names.contains(host?.lowercased() ?? "") }

    static func isSecureOrLocal(_ url: URL) -> Bool {
        let scheme = url.scheme?.lowercased()
        return (scheme == "https" && url.host != nil) || (scheme == "http" && contains(url.host))
    }
}
