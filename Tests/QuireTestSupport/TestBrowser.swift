import AsyncHTTPClient
import Foundation
import NIOCore

/// What a person's browser does in a sign-in: opens the authorization URL, and is sent back.
public enum TestBrowser {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens `url` at the provider and returns where it sends the browser back (its `Location`),
    /// without going there: a browser on another machine, whose address bar the user copies.
    public static func authorize(_ url: String) async throws -> String {
        let (status, location) = try await get(url)
        guard status == 302, let location else { throw Failure(description: "authorize answered \(status)") }
        return location
    }

    /// Opens `url` and returns the HTTP status (the redirect's arrival at a loopback listener).
    public static func visit(_ url: String) async throws -> UInt {
        try await get(url).status
    }

    private static func get(_ url: String) async throws -> (status: UInt, location: String?) {
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (response.status.code, response.headers.first(name: "Location"))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
