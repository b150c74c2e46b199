import Foundation

/// A provider's signing keys as last loaded, and the right to load them again.
///
/// Providers rotate keys: a token naming a key id not in the set makes the site fetch the set again,
/// but at most once per `refetchInterval`, so tokens with made-up key ids cannot turn the site into
/// a flood of requests to the provider.
public actor ProviderKeys {
    public nonisolated let source: JSONWebKeySet.Source
    public private(set) var current: JSONWebKeySet
    public nonisolated let refetchInterval: Duration
    /// When the keys were last loaded again; the first time a token names an unknown key, they are.
    private var lastRefetch: Date?
    /// How many times the keys were loaded again after start-up (for logs and tests).
    public private(set) var refetchCount = 0

    public init(source: JSONWebKeySet.Source, keys: JSONWebKeySet, refetchInterval: Duration) {
        self.source = source
        self.current = keys
        self.refetchInterval = refetchInterval
    }

    /// Loads the keys for the first time; a source that cannot be read stops the caller.
    public static func load(from source: JSONWebKeySet.Source, refetchInterval: Duration = .seconds(300))
        async throws(JSONWebKeySetError) -> ProviderKeys
    {
        ProviderKeys(source: source, keys: try await JSONWebKeySet.load(from: source), refetchInterval: refetchInterval)
    }

    /// The keys loaded again, or `nil` when the last load was too recent or this one failed (the
    /// keys in hand stay in use either way).
    func refetch(now: Date) async -> JSONWebKeySet? {
        let interval = Double(refetchInterval.components.seconds)
        if let lastRefetch, now.timeIntervalSince(lastRefetch) < interval { return nil }
        lastRefetch = now
        refetchCount += 1
        guard let keys = try? await JSONWebKeySet.load(from: source) else { return nil }
        current = keys
        return keys
    }
}
