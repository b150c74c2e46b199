import Foundation
import NIOCore
import QuireTestSupport
import TMTP
import TMTPTransport
import Testing

/// A site that cannot be reached is said in plain words, not as the event loop's error dump.
@Suite struct ConnectionFailureTests {
    @Test func aRefusedConnectionSaysSo() async throws {
        let port = freeLoopbackPort()
        let address = try SiteAddress(parsing: "=127.0.0.1:\(port)")
        await #expect(throws: TransportError.cannotConnect(site: "127.0.0.1:\(port)", reason: "Connection refused")) {
            _ = try await ClientLink.connect(to: address, options: .init(knownSites: InMemoryKnownSites()))
        }
        #expect(
            TransportError.cannotConnect(site: "127.0.0.1:\(port)", reason: "Connection refused").description
                == "127.0.0.1:\(port): cannot connect: Connection refused")
    }

    @Test func aNameThatDoesNotResolveIsNoSuchHost() async throws {
        // `.invalid` never resolves (RFC 2606), with or without a resolver on the machine.
        let address = try SiteAddress(parsing: "=quire-test.invalid:8444")
        await #expect(throws: TransportError.cannotConnect(site: "quire-test.invalid:8444", reason: "no such host")) {
            _ = try await ClientLink.connect(to: address, options: .init(knownSites: InMemoryKnownSites()))
        }
    }

    @Test func reasonsForEachKindOfError() {
        #expect(ConnectionFailure.reason(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "Connection refused")
        let unreachable = IOError(errnoCode: ENETUNREACH, reason: "connect")
        #expect(ConnectionFailure.reason(unreachable) == "Network is unreachable")
        #expect(ConnectionFailure.reason(ChannelError.connectTimeout(.seconds(1))) == "timed out")
        #expect(ConnectionFailure.reason(ChannelError.ioOnClosedChannel) == nil)
        #expect(ConnectionFailure.reason(TransportError.closed) == nil)
    }
}
