import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// An OpenID provider on 127.0.0.1 for sign-in tests, on NIO's HTTP/1 server pipeline:
/// `/authorize` redirects the browser back with a code (or, when denying, `error=access_denied`),
/// `/token` swaps a code for a token result after checking its PKCE S256 verifier, and `/keys`
/// serves the JWKS of `keys`, a key generated in the test.
public final class LocalIdentityProvider: Sendable {
    public let keys: TestIdentityProvider
    public let clientID: String
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var denies = false
        var claims: [String: any Sendable] = [:]
        /// Outstanding codes and the challenge, client and redirect each was issued for.
        var codes: [String: Grant] = [:]
        var tokenRequests = 0
    }

    struct Grant {
        var challenge: String
        var clientID: String
        var redirectURI: String
    }

    public var port: Int { channel.localAddress?.port ?? 0 }
    public var base: String { "http://127.0.0.1:\(port)" }
    /// The issuer its tokens carry.
    public var issuer: String { base }

    public static func start(keys: TestIdentityProvider, clientID: String = TestIdentityProvider.clientID)
        async throws -> LocalIdentityProvider
    {
        let state = NIOLockedValueBox(State())
        let box = NIOLockedValueBox<LocalIdentityProvider?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(answer: { box.withLockedValue { $0 }?.answer($0, $1) ?? (.serviceUnavailable, [:], "") }
                        ))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let provider = LocalIdentityProvider(keys: keys, clientID: clientID, channel: channel, state: state)
        box.withLockedValue { $0 = provider }
        return provider
    }

    private init(keys: TestIdentityProvider, clientID: String, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.keys = keys
        self.clientID = clientID
        self.channel = channel
        self.state = state
    }

    /// Makes `/authorize` send the browser back with `error=access_denied`.
    public func deny(_ denies: Bool = true) { state.withLockedValue { $0.denies = denies } }
    /// Claims that override the ID token's defaults (an expired `exp`, another `aud`, ...).
    public func issue(claims: [String: any Sendable]) { state.withLockedValue { $0.claims = claims } }
    public var tokenRequests: Int { state.withLockedValue { $0.tokenRequests } }

    public func stop() async {
        try? await channel.close()
    }

    /// What `tmtpd` or a `TestSite` is configured with for this provider: the `login`, `token` and
    /// `std` of a `[[authby]]` table, with `redirect` as the `redirect_uri`.
    public func settings(redirect: String) -> (login: [String], token: [String], std: [String]) {
        (
            [base + "/authorize", "response_type=code", "scope=openid"],
            [base + "/token", "grant_type=authorization_code"],
            ["client_id=\(clientID)", "redirect_uri=\(redirect)"]
        )
    }

    // MARK: Endpoints

    private func answer(_ head: HTTPRequestHead, _ body: String) -> (HTTPResponseStatus, [String: String], String) {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? ""
        let query = Self.form(parts.count > 1 ? String(parts[1]) : "")
        switch (head.method, path) {
        case (.GET, "/authorize"): return authorize(query)
        case (.POST, "/token"): return token(Self.form(body))
        case (.GET, "/keys"):
            let jwks = (try? keys.jwks()).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return (.ok, ["Content-Type": "application/json"], jwks)
        default: return (.notFound, [:], "")
        }
    }

    private func authorize(_ query: [String: String]) -> (HTTPResponseStatus, [String: String], String) {
        guard let redirect = query["redirect_uri"], let state = query["state"], query["response_type"] == "code",
            query["code_challenge_method"] == "S256", let challenge = query["code_challenge"],
            query["client_id"] == clientID
        else { return (.badRequest, [:], "bad authorization request") }
        let separator = redirect.contains("?") ? "&" : "?"
        if self.state.withLockedValue({ $0.denies }) {
            return (.found, ["Location": redirect + separator + "error=access_denied&state=\(state)"], "")
        }
        let code = UUID().uuidString
        self.state.withLockedValue {
            $0.codes[code] = Grant(challenge: challenge, clientID: clientID, redirectURI: redirect)
        }
        return (.found, ["Location": redirect + separator + "code=\(code)&state=\(state)"], "")
    }

    private func token(_ form: [String: String]) -> (HTTPResponseStatus, [String: String], String) {
        let json = ["Content-Type": "application/json"]
        let (grant, claims) = state.withLockedValue { state in
            state.tokenRequests += 1
            return (form["code"].flatMap { state.codes.removeValue(forKey: $0) }, state.claims)
        }
        guard form["grant_type"] == "authorization_code", let grant, form["client_id"] == grant.clientID,
            form["redirect_uri"] == grant.redirectURI, let verifier = form["code_verifier"],
            TestIdentityProvider.base64URL(Data(SHA256.hash(data: Data(verifier.utf8)))) == grant.challenge
        else { return (.badRequest, json, #"{"error":"invalid_grant","error_description":"code or verifier"}"#) }
        var payload: [String: Any] = ["iss": issuer, "aud": clientID]
        for (name, value) in claims { payload[name] = value }
        guard let idToken = try? keys.token(payload) else { return (.internalServerError, json, "") }
        return (
            .ok, json,
            #"{"access_token":"access-1","token_type":"Bearer","expires_in":3600,"scope":"openid","id_token":"\#(idToken)"}"#
        )
    }

    static func form(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            result[name] = value.removingPercentEncoding ?? value
        }
        return result
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let answer: @Sendable (HTTPRequestHead, String) -> (HTTPResponseStatus, [String: String], String)
        var head: HTTPRequestHead?
        var body = ""

        init(answer: @escaping @Sendable (HTTPRequestHead, String) -> (HTTPResponseStatus, [String: String], String)) {
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(let buffer): body += String(buffer: buffer)
            case .end:
                guard let head else { return }
                let (status, fields, text) = answer(head, body)
                var headers = HTTPHeaders(fields.map { ($0.key, $0.value) })
                headers.add(name: "Content-Length", value: String(text.utf8.count))
                headers.add(name: "Connection", value: "close")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                    promise: nil)
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
