import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TMTP

/// Settings for connecting to a site.
public struct ClientLinkOptions: Sendable {
    /// Where trust-on-first-use certificates are remembered.
    public var knownSites: any KnownSites
    /// How long connecting plus the TLS handshake may take.
    public var connectTimeout: TimeAmount
    /// The authorities that `+host:port` sites are checked against; the system's by default.
    public var trustRoots: NIOSSLTrustRoots
    public var group: any EventLoopGroup

    public init(
        knownSites: any KnownSites,
        connectTimeout: TimeAmount = .seconds(15),
        trustRoots: NIOSSLTrustRoots = .default,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.knownSites = knownSites
        self.connectTimeout = connectTimeout
        self.trustRoots = trustRoots
        self.group = group
    }
}

/// A TLS link to a TMTP site, seen from the client: typed server messages in, client ops out.
///
/// Use it inside ``run(_:)``, which closes the link when the body returns or throws.
public struct ClientLink: Sendable {
    public let address: SiteAddress
    /// The fingerprint of the certificate the site presented.
    public let peerFingerprint: CertificateFingerprint
    private let channel: NIOAsyncChannel<InboundFrame<ServerMessage>, OutboundFrame>

    /// Connects, completes the TLS handshake and checks the site's certificate by the address's trust mode.
    ///
    /// Cancelling the calling task ends the wait at once (a sync being stopped, an app quitting),
    /// though connecting answers only its own timeout: a link that completes afterwards is closed.
    public static func connect(to address: SiteAddress, options: ClientLinkOptions) async throws -> ClientLink {
        try await CancellableWait.value {
            try await establish(to: address, options: options)
        } discarding: { link in
            try? await link.channel.channel.close()
        }
    }

    private static func establish(to address: SiteAddress, options: ClientLinkOptions) async throws -> ClientLink {
        let remembered: CertificateFingerprint?
        if case .trustOnFirstUse = address.trust {
            remembered = try await options.knownSites.fingerprint(for: address.endpoint)
        } else {
            remembered = nil
        }
        let tls = try makeContext(for: address, trustRoots: options.trustRoots)
        let presented = NIOLockedValueBox<CertificateFingerprint?>(nil)
        let refusal = NIOLockedValueBox<TransportError?>(nil)
        let verify = makeVerifier(for: address, remembered: remembered, presented: presented, refusal: refusal)
        let sniHost = address.host.isIPAddress ? nil : address.host

        let (channel, handshake) = try await connectingChannel(
            to: address, options: options, tls: tls, sniHost: sniHost, verify: verify)
        let timedOut = NIOLockedValueBox(false)
        do {
            let timeout = channel.channel.eventLoop.scheduleTask(in: options.connectTimeout) {
                timedOut.withLockedValue { $0 = true }
                channel.channel.close(promise: nil)
            }
            defer { timeout.cancel() }
            try await handshake.get()
        } catch {
            try? await channel.channel.close()
            if let refusal = refusal.withLockedValue({ $0 }) { throw refusal }
            if timedOut.withLockedValue({ $0 }) { throw TransportError.connectTimeout(site: address.endpoint) }
            throw error
        }
        let fingerprint = try await presentedFingerprint(channel.channel, recorded: presented)
        if case .trustOnFirstUse = address.trust, remembered == nil {
            try await options.knownSites.remember(fingerprint, for: address.endpoint)
        }
        return ClientLink(address: address, peerFingerprint: fingerprint, channel: channel)
    }

    /// Checks the certificate a site presents against what its address pins or remembers.
    private typealias CertificateCheck =
        @Sendable ([NIOSSLCertificate], EventLoopPromise<NIOSSLVerificationResult>) ->
        Void

    /// The TCP connection with TLS and the frame codec on it, the handshake still under way.
    /// A connection that cannot be made is a ``TransportError`` that says why in plain words.
    private static func connectingChannel(
        to address: SiteAddress, options: ClientLinkOptions, tls: NIOSSLContext, sniHost: String?,
        verify: CertificateCheck?
    ) async throws -> (NIOAsyncChannel<InboundFrame<ServerMessage>, OutboundFrame>, EventLoopFuture<Void>) {
        do {
            return try await bootstrap(to: address, options: options, tls: tls, sniHost: sniHost, verify: verify)
        } catch ChannelError.connectTimeout {
            throw TransportError.connectTimeout(site: address.endpoint)
        } catch {
            guard let reason = ConnectionFailure.reason(error) else { throw error }
            throw TransportError.cannotConnect(site: address.endpoint, reason: reason)
        }
    }

    private static func bootstrap(
        to address: SiteAddress, options: ClientLinkOptions, tls: NIOSSLContext, sniHost: String?,
        verify: CertificateCheck?
    ) async throws -> (NIOAsyncChannel<InboundFrame<ServerMessage>, OutboundFrame>, EventLoopFuture<Void>) {
        try await ClientBootstrap(group: options.group)
            .connectTimeout(options.connectTimeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    let handler: NIOSSLClientHandler
                    if let verify {
                        handler = try NIOSSLClientHandler(
                            context: tls, serverHostname: sniHost, customVerificationCallback: verify)
                    } else {
                        handler = try NIOSSLClientHandler(context: tls, serverHostname: sniHost)
                    }
                    try sync.addHandler(handler)
                    let handshake = channel.eventLoop.makePromise(of: Void.self)
                    try sync.addHandler(HandshakeWaiter(promise: handshake))
                    try LinkCodec.addClientCodec(to: sync)
                    let wrapped = try NIOAsyncChannel<InboundFrame<ServerMessage>, OutboundFrame>(
                        wrappingChannelSynchronously: channel)
                    return (wrapped, handshake.futureResult)
                }
            }
    }

    /// Runs `body` with the link's inbound messages and its writer, then closes the link.
    public func run<Result: Sendable>(
        _ body: (inout ReceivedMessages, LinkWriter) async throws -> Result
    ) async throws -> Result {
        try await channel.executeThenClose { inbound, outbound in
            var messages = ReceivedMessages(inbound.makeAsyncIterator())
            return try await body(&messages, LinkWriter(outbound: outbound, allocator: channel.channel.allocator))
        }
    }

    private static func makeContext(for address: SiteAddress, trustRoots: NIOSSLTrustRoots) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        switch address.trust {
        case .certificateAuthorities:
            configuration.trustRoots = trustRoots
            configuration.certificateVerification = .fullVerification
        case .pinned, .trustOnFirstUse:
            // The custom callback replaces chain verification, but only runs when verification is on.
            configuration.certificateVerification = .noHostnameVerification
        }
        return try NIOSSLContext(configuration: configuration)
    }

    private static func makeVerifier(
        for address: SiteAddress,
        remembered: CertificateFingerprint?,
        presented: NIOLockedValueBox<CertificateFingerprint?>,
        refusal: NIOLockedValueBox<TransportError?>
    ) -> CertificateCheck? {
        let expected: CertificateFingerprint?
        switch address.trust {
        case .certificateAuthorities: return nil
        case .pinned(let pin): expected = pin
        case .trustOnFirstUse: expected = remembered
        }
        let site = address.description
        let isPin = if case .pinned = address.trust { true } else { false }
        return { @Sendable certificates, promise in
            guard let leaf = certificates.first, let der = try? leaf.toDERBytes() else {
                refusal.withLockedValue { $0 = .noCertificate(site: site) }
                promise.succeed(.failed)
                return
            }
            let fingerprint = CertificateFingerprint(der: der)
            presented.withLockedValue { $0 = fingerprint }
            if let expected, expected != fingerprint {
                refusal.withLockedValue {
                    $0 =
                        isPin
                        ? .pinMismatch(site: site, expected: expected, presented: fingerprint)
                        : .certificateChanged(site: site, remembered: expected, presented: fingerprint)
                }
                promise.succeed(.failed)
            } else {
                promise.succeed(.certificateVerified)
            }
        }
    }

    private static func presentedFingerprint(
        _ channel: Channel, recorded: NIOLockedValueBox<CertificateFingerprint?>
    ) async throws -> CertificateFingerprint {
        if let fingerprint = recorded.withLockedValue({ $0 }) { return fingerprint }
        guard let certificate = try await channel.nioSSL_peerCertificate().get() else {
            throw TransportError.noCertificate(site: channel.remoteAddress.map { "\($0)" } ?? "site")
        }
        return CertificateFingerprint(der: try certificate.toDERBytes())
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal, which TLS may not send as a server name.
    fileprivate var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
