import Foundation
import TMTP
import _CryptoExtras

/// The RSA signing keys of an OpenID provider, by key id: its JWKS document (RFC 7517).
///
/// Only keys usable for RS256 are kept (`kty` RSA, `use` absent or `sig`, `alg` absent or RS256,
/// 2048 bits or more); others are skipped, so a provider that also publishes EC or encryption keys
/// still works. A document with no usable key is refused, because it could verify nothing.
public struct JSONWebKeySet: Sendable {
    /// Where the keys come from.
    public enum Source: Sendable, Hashable {
        /// The provider's `jwks_uri`, fetched once at startup. Must be https, except on a loopback host.
        case url(URL)
        /// A JWKS document on disk (an offline provider, or keys pinned by the operator).
        case file(String)

        /// `https://...` or `http://...` is a URL; anything else is a file path.
        public init(_ text: String) throws(JSONWebKeySetError) {
            let lowered = text.lowercased()
            if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
                guard let url = URL(string: text) else { throw .invalidURL(text) }
                self = .url(url)
            } else {
                self = .file(text)
            }
        }
    }

    /// The largest JWKS document accepted; real ones are a few KB.
    static let maximumDocumentSize = 1 << 20

    public let keys: [String: _RSA.Signing.PublicKey]

    /// Parses a JWKS document.
    public init(json: Data) throws(JSONWebKeySetError) {
        guard json.count <= Self.maximumDocumentSize else { throw .documentTooLarge }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: json)
        } catch {
            throw .invalidDocument("\(error)")
        }
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        for key in document.keys
        where key.kty == "RSA" && (key.use ?? "sig") == "sig" && (key.alg ?? "RS256") == "RS256" {
            guard let n = key.n.flatMap(Base64URL.decode), let e = key.e.flatMap(Base64URL.decode),
                let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { continue }
            keys[key.kid ?? ""] = publicKey
        }
        guard !keys.isEmpty else { throw .noUsableKey }
        self.keys = keys
    }

    /// Reads or fetches the document at `source`.
    public static func load(from source: Source, timeout: Duration = .seconds(10)) async throws(JSONWebKeySetError)
        -> JSONWebKeySet
    {
        switch source {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
            return try JSONWebKeySet(json: data)
        case .url(let url):
            return try JSONWebKeySet(json: try await fetch(url, timeout: timeout))
        }
    }

    private static func fetch(_ url: URL, timeout: Duration) async throws(JSONWebKeySetError) -> Data {
        guard SignInURL.isAllowed(url) else { throw .insecureURL(url.absoluteString) }
        do {
            let body = try await DocumentFetcher.get(
                url, accept: "application/json", maximumSize: maximumDocumentSize, timeout: timeout,
                allows: SignInURL.isAllowed)
            return Data(body)
        } catch {
            throw .fetchFailed(url.absoluteString, "\(error)")
        }
    }

    private struct Document: Decodable {
        var keys: [Key]
    }

    private struct Key: Decodable {
        var kty: String
        var kid: String?
        var use: String?
        var alg: String?
        var n: String?
        var e: String?
    }
}

/// Why signing keys could not be loaded; `tmtpd serve` refuses to start with these.
public enum JSONWebKeySetError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidURL(String)
    case insecureURL(String)
    case unreadable(String)
    case fetchFailed(String, String)
    case documentTooLarge
    case invalidDocument(String)
    case noUsableKey

    public var description: String {
        switch self {
        case .invalidURL(let text): "JWKS: not a URL: \(text)"
        case .insecureURL(let text): "JWKS: \(text) must use https (http only on a loopback host)"
        case .unreadable(let path): "JWKS: cannot read \(path)"
        case .fetchFailed(let url, let reason): "JWKS: fetching \(url) failed: \(reason)"
        case .documentTooLarge: "JWKS: document larger than 1 MB"
        case .invalidDocument(let reason): "JWKS: not a JWKS document: \(reason)"
        case .noUsableKey: "JWKS: no RSA signing key (RS256, 2048 bits or more)"
        }
    }
}
