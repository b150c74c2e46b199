import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches one small document with an HTTP GET through AsyncHTTPClient (NIO, TLS for https, the system's
/// trust), following a few redirects.
///
/// Not `URLSession`: its FoundationNetworking pulls libcurl and its TLS, LDAP, SSH and Kerberos libraries into
/// every `tmtpd` process (several MB resident) for a request made once at startup, and only with OpenID Connect.
enum DocumentFetcher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let maximumRedirects = 3

    /// The body of a 200 response for `url`; `allows` vets every URL, redirects included.
    static func get(
        _ url: URL, accept: String, maximumSize: Int, timeout: Duration, allows: (URL) -> Bool
    ) async throws -> [UInt8] {
        let wait = TimeAmount.nanoseconds(
            Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        // Redirects are followed here rather than by the client, so that `allows` sees every hop.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: wait, read: wait)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let body = try await get(url, accept: accept, maximumSize: maximumSize, wait: wait, allows: allows, client)
            try await client.shutdown()
            return body
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func get(
        _ url: URL, accept: String, maximumSize: Int, wait: TimeAmount, allows: (URL) -> Bool, _ client: HTTPClient
    ) async throws -> [UInt8] {
        var url = url
        for _ in 0...maximumRedirects {
            guard allows(url) else { throw Failure(description: "refused URL \(url.absoluteString)") }
            var request = HTTPClientRequest(url: url.absoluteString)
            request.headers.add(name: "Accept", value: accept)
            request.headers.add(name: "User-Agent", value: "tmtpd")
            let response = try await client.execute(request, timeout: wait)
            switch response.status.code {
            case 200:
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: maximumSize)
                } catch is NIOTooManyBytesError {
                    throw Failure(description: "the document is larger than \(maximumSize) bytes")
                }
                return Array(body.readableBytesView)
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "location"),
                    let next = URL(string: location, relativeTo: url)
                else { throw Failure(description: "HTTP status \(response.status.code) without a Location") }
                url = next.absoluteURL
            default:
                throw Failure(description: "HTTP status \(response.status.code)")
            }
        }
        throw Failure(description: "more than \(maximumRedirects) redirects")
    }
}
