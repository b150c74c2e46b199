import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Fetches one small document with an HTTP/1.0 GET over NIO (TLS for https), following a few
/// redirects.
///
/// It replaces `URLSession`, whose FoundationNetworking pulls libcurl and its TLS, LDAP, SSH and
/// Kerberos libraries into every `tmtpd` process (several MB resident) for a request made once at
/// startup, and only with OpenID Connect. HTTP/1.0 keeps the response simple: no chunked body to
/// expect (it is decoded anyway if a server sends one), and the body ends at `Content-Length` or
/// the close.
enum DocumentFetcher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let maximumRedirects = 3

    /// The body of a 200 response for `url`; `allows` vets every URL, redirects included.
    static func get(
        _ url: URL, accept: String, maximumSize: Int, timeout: Duration, allows: (URL) -> Bool
    ) async throws -> [UInt8] {
        var url = url
        for _ in 0...maximumRedirects {
            guard allows(url) else { throw Failure(description: "refused URL \(url.absoluteString)") }
            let response = try await exchange(url, accept: accept, maximumSize: maximumSize, timeout: timeout)
            switch response.status {
            case 200:
                return response.body
            case 301, 302, 303, 307, 308:
                guard let location = response.header("location"), let next = URL(string: location, relativeTo: url)
                else { throw Failure(description: "HTTP status \(response.status) without a Location") }
                url = next.absoluteURL
            default:
                throw Failure(description: "HTTP status \(response.status)")
            }
        }
        throw Failure(description: "more than \(maximumRedirects) redirects")
    }

    private static func exchange(
        _ url: URL, accept: String, maximumSize: Int, timeout: Duration
    ) async throws -> HTTPResponse {
        guard let host = url.host, !host.isEmpty else { throw Failure(description: "no host") }
        let secure = url.scheme?.lowercased() == "https"
        let port = url.port ?? (secure ? 443 : 80)
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let tls = secure ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let isAddress = (try? SocketAddress(ipAddress: bareHost, port: 0)) != nil
        let limit = maximumSize + (64 << 10)
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let received = eventLoop.makePromise(of: [UInt8].self)
        let wait = TimeAmount.nanoseconds(
            Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(wait)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : bareHost))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            ResponseCollector(limit: limit, received: received))
                    }
                }
                .connect(host: bareHost, port: port).get()
        } catch {
            received.fail(error)
            throw error
        }
        let deadline = eventLoop.scheduleTask(in: wait) {
            channel.pipeline.fireErrorCaught(Failure(description: "timed out"))
        }
        defer { deadline.cancel() }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let request = "GET \(path) HTTP/1.0\r\nHost: \(hostHeader)\r\nAccept: \(accept)\r\nUser-Agent: tmtpd\r\n\r\n"
        try await channel.writeAndFlush(channel.allocator.buffer(string: request))
        return try HTTPResponse(try await received.futureResult.get(), maximumBodySize: maximumSize)
    }
}

/// Gathers a connection's bytes until the peer closes it, then completes `received`.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let limit: Int
    private let received: EventLoopPromise<[UInt8]>
    private var bytes: [UInt8] = []
    private var done = false

    init(limit: Int, received: EventLoopPromise<[UInt8]>) {
        self.limit = limit
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        bytes += unwrapInboundIn(data).readableBytesView
        if bytes.count > limit {
            fail(DocumentFetcher.Failure(description: "response larger than \(limit) bytes"), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        received.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A TLS close without close_notify: the body is still checked against Content-Length.
        if let tls = error as? NIOSSLError, case .uncleanShutdown = tls { return }
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        received.fail(error)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ResponseCollector: Sendable {}

/// A parsed HTTP/1.x response.
struct HTTPResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ bytes: [UInt8], maximumBodySize: Int) throws {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else {
            throw DocumentFetcher.Failure(description: "incomplete response")
        }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw DocumentFetcher.Failure(description: "not an HTTP response")
        }
        self.status = status
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        self.body = []
        var body = Array(bytes[end.upperBound...])
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            body = try Self.dechunk(body)
        } else if let text = header("content-length") {
            guard let length = Int(text), length >= 0, body.count >= length else {
                throw DocumentFetcher.Failure(description: "body shorter than its Content-Length")
            }
            body = Array(body.prefix(length))
        }
        guard body.count <= maximumBodySize else {
            throw DocumentFetcher.Failure(description: "body larger than \(maximumBodySize) bytes")
        }
        self.body = body
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// The data of a chunked body (RFC 9112 section 7.1); trailers are ignored.
    static func dechunk(_ chunked: [UInt8]) throws -> [UInt8] {
        let lineEnd = Array("\r\n".utf8)
        var data: [UInt8] = []
        var index = chunked.startIndex
        while true {
            guard let sizeEnd = chunked[index...].firstRange(of: lineEnd) else {
                throw DocumentFetcher.Failure(description: "truncated chunked body")
            }
            let sizeText = String(decoding: chunked[index..<sizeEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces), radix: 16),
                size >= 0
            else { throw DocumentFetcher.Failure(description: "bad chunk size") }
            if size == 0 { return data }
            let start = sizeEnd.upperBound
            guard chunked.count - start >= size + 2 else {
                throw DocumentFetcher.Failure(description: "truncated chunked body")
            }
            data += chunked[start..<(start + size)]
            index = start + size + 2
        }
    }
}
