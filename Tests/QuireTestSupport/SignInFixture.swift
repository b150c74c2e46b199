import Foundation
import TMTPServer

/// A site that signs people in with `LocalIdentityProvider`s, all on 127.0.0.1.
public struct SignInFixture: Sendable {
    /// The first provider, labelled "Local ID".
    public var provider: LocalIdentityProvider { providers[0] }
    /// Every provider, in the site's order: "Local ID", then "Other ID 2", "Other ID 3", ...
    public let providers: [LocalIdentityProvider]
    public let site: TestSite

    /// `redirect` is the `redirect_uri` the site names (where clients are sent back).
    public static func start(redirect: String, required: Bool = true, providerCount: Int = 1) async throws
        -> SignInFixture
    {
        guard let keys = TestIdentityProvider.shared else { throw Unavailable() }
        var providers: [LocalIdentityProvider] = []
        var signIns: [SignInProvider] = []
        for index in 0..<max(1, providerCount) {
            let provider = try await LocalIdentityProvider.start(keys: keys)
            let settings = provider.settings(redirect: redirect)
            guard let keysURL = URL(string: provider.base + "/keys") else { throw Unavailable() }
            signIns.append(
                try SignInProvider(
                    label: index == 0 ? "Local ID" : "Other ID \(index + 1)", login: settings.login,
                    token: settings.token, std: settings.std, issuer: provider.issuer, audience: provider.clientID,
                    keys: ProviderKeys(
                        source: .url(keysURL), keys: try JSONWebKeySet(json: try keys.jwks()),
                        refetchInterval: .seconds(300))))
            providers.append(provider)
        }
        let configuration = try OIDCConfiguration(providers: signIns, required: required)
        let site = try await TestSite.start { $0.oidc = configuration }
        return SignInFixture(providers: providers, site: site)
    }

    struct Unavailable: Error {}

    public func stop() async {
        await site.stop()
        for provider in providers { await provider.stop() }
    }
}
