import Foundation
import NIOSSL
import TMTP
import TMTPTransport
import Testing

/// Real TLS over loopback: a client link against a listening site, for each trust mode.
@Suite struct ClientLinkTests {
    private func exchange(_ link: ClientLink, payload: [UInt8]) async throws -> [InboundMessage] {
        try await link.run { messages, writer in
            try await writer.send(.tmtpRev(.init()))
            var received: [InboundMessage] = []
            received.append(try #require(try await messages.next()))
            try await writer.send(
                .post(.init(id: "p1", recipients: [], dataLength: Int64(payload.count))), data: payload)
            received.append(try #require(try await messages.next()))
            return received
        }
    }

    @Test func pinnedSiteExchangesMessagesOverTLS() async throws {
        let site = try await EchoSite.start()
        defer { Task { try? await site.stop() } }
        let address = try SiteAddress(parsing: "=127.0.0.1:\(site.port)#\(site.certificate.fingerprint.hex)")
        let link = try await ClientLink.connect(to: address, options: .init(knownSites: InMemoryKnownSites()))
        #expect(link.peerFingerprint == site.certificate.fingerprint)

        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let received = try await exchange(link, payload: payload)
        #expect(received[0].header == .tmtprev(.init(name: "echo-site")))
        guard case .delivery(let delivery) = received[1].header else {
            Issue.record("expected a delivery, got \(received[1].header)")
            return
        }
        #expect(delivery.std.id == "p1")
        #expect(received[1].data == payload)
    }

    @Test func wrongPinIsRefused() async throws {
        let site = try await EchoSite.start()
        defer { Task { try? await site.stop() } }
        let other = String(repeating: "ab", count: 32)
        let address = try SiteAddress(parsing: "=127.0.0.1:\(site.port)#\(other)")
        await #expect {
            _ = try await ClientLink.connect(to: address, options: .init(knownSites: InMemoryKnownSites()))
        } throws: { error in
            guard case TransportError.pinMismatch(_, let expected, let presented) = error else { return false }
            return expected.hex == other && presented == site.certificate.fingerprint
        }
    }

    @Test func trustOnFirstUseRemembersAndRefusesAChangedCertificate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-tofu-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let knownSites = KnownSitesFile(path: directory.appendingPathComponent("known_sites").path)

        let first = try await EchoSite.start()
        let port = first.port
        let address = try SiteAddress(parsing: "=127.0.0.1:\(port)")
        let link = try await ClientLink.connect(to: address, options: .init(knownSites: knownSites))
        _ = try await exchange(link, payload: [1, 2, 3])
        #expect(try await knownSites.fingerprint(for: "127.0.0.1:\(port)") == first.certificate.fingerprint)

        // The same certificate again is accepted, also by a fresh reader of the same file.
        let again = try await ClientLink.connect(
            to: address, options: .init(knownSites: KnownSitesFile(path: knownSites.path)))
        _ = try await exchange(again, payload: [4])
        try await first.stop()

        // Another certificate at the same address is refused.
        let second = try await EchoSite.start()
        defer { Task { try? await second.stop() } }
        let moved = try SiteAddress(parsing: "=127.0.0.1:\(second.port)")
        try await knownSites.remember(first.certificate.fingerprint, for: moved.endpoint)
        await #expect {
            _ = try await ClientLink.connect(to: moved, options: .init(knownSites: knownSites))
        } throws: { error in
            guard case TransportError.certificateChanged(_, let remembered, let presented) = error else { return false }
            return remembered == first.certificate.fingerprint && presented == second.certificate.fingerprint
                && "\(error)".contains("CHANGED")
        }
    }

    @Test func authorityVerifiedSiteChecksChainAndName() async throws {
        let site = try await EchoSite.start()
        defer { Task { try? await site.stop() } }
        let root = try NIOSSLCertificate(bytes: Array(site.certificate.certificatePEM.utf8), format: .pem)
        let address = try SiteAddress(parsing: "+localhost:\(site.port)")

        let trusted = ClientLinkOptions(knownSites: InMemoryKnownSites(), trustRoots: .certificates([root]))
        let link = try await ClientLink.connect(to: address, options: trusted)
        #expect(try await exchange(link, payload: [9]).count == 2)

        // The system authorities never signed this certificate.
        await #expect(throws: (any Error).self) {
            _ = try await ClientLink.connect(to: address, options: .init(knownSites: InMemoryKnownSites()))
        }
    }
}
