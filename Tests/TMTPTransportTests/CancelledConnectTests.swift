import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TMTP
import Testing

@testable import TMTPTransport

/// Stopping a sync or quitting the app cancels a link that is still connecting: the wait ends at
/// once, not when the connect timeout does.
@Suite struct CancelledConnectTests {
    /// A site that takes the TCP connection and never answers the TLS handshake.
    private static func silentSite() async throws -> (any Channel, Int) {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.next().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        return (listener, try #require(listener.localAddress?.port))
    }

    @Test func cancellingAConnectThatHangsInTheHandshakeEndsTheWait() async throws {
        let (listener, port) = try await Self.silentSite()
        defer { listener.close(promise: nil) }
        let address = try SiteAddress(parsing: "=127.0.0.1:\(port)")
        // A minute's connect timeout: only the cancellation can end this wait in the test's time,
        // and a timeout would be a different error.
        let options = ClientLinkOptions(knownSites: InMemoryKnownSites(), connectTimeout: .minutes(1))
        let connecting = Task { try await ClientLink.connect(to: address, options: options) }
        try await Task.sleep(for: .milliseconds(200))
        connecting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await connecting.value }
    }

    @Test func workThatEndsAfterTheWaitWasCancelledIsDiscarded() async throws {
        let discarded = AsyncStream.makeStream(of: Int.self)
        let gate = AsyncStream.makeStream(of: Void.self)
        let waiting = Task {
            try await CancellableWait.value {
                for await _ in gate.stream { break }
                return 42
            } discarding: { value in
                discarded.continuation.yield(value)
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        gate.continuation.yield()
        var iterator = discarded.stream.makeAsyncIterator()
        #expect(await iterator.next() == 42)
    }

    @Test func aWaitCancelledBeforeItBeginsNeverStartsTheWork() async throws {
        let started = SetOnce()
        let waiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await CancellableWait.value {
                started.set()
                return 1
            } discarding: { _ in
            }
        }
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!started.isSet)
    }

    @Test func aWaitThatIsNotCancelledGivesTheWorksValueOrError() async throws {
        #expect(
            try await CancellableWait.value {
                7
            } discarding: { _ in
            } == 7)
        await #expect(throws: TransportError.closed) {
            _ = try await CancellableWait.value { () async throws -> Int in
                throw TransportError.closed
            } discarding: {
                _ in
            }
        }
    }
}

/// A flag set from any task.
private final class SetOnce: Sendable {
    private let value = NIOLockedValueBox(false)
    func set() { value.withLockedValue { $0 = true } }
    var isSet: Bool { value.withLockedValue { $0 } }
}
