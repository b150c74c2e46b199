import Foundation
import TMTPServer

/// A site that signs people in with a `LocalIdentityProvider`, both on 127.0.0.1.
public struct SignInFixture: Sendable {
    public let provider: LocalIdentityProvider
    public let site: TestSite

    /// `redirect` is the `redirect_uri` the site names (where clients are sent back).
    public static func start(redirect: String, required: Bool = true) async throws -> SignInFixture {
        guard let keys = TestIdentityProvider.shared else { throw Unavailable() }
        let provider = try await LocalIdentityProvider.start(keys: keys)
        let settings = provider.settings(redirect: redirect)
        guard let keysURL = URL(string: provider.base + "/keys") else { throw Unavailable() }
        let signIn = try SignInProvider(
            label: "Local ID", login: settings.login, token: settings.token, std: settings.std,
            issuer: provider.issuer, audience: provider.clientID,
            keys: ProviderKeys(
                source: .url(keysURL), keys: try JSONWebKeySet(json: try keys.jwks()),
                refetchInterval: .seconds(300)))
        let configuration = try OIDCConfiguration(providers: [signIn], required: required)
        let site = try await TestSite.start { $0.oidc = configuration }
        return SignInFixture(provider: provider, site: site)
    }

    struct Unavailable: Error {}

    public func stop() async {
        await site.stop()
        await provider.stop()
    }
}
