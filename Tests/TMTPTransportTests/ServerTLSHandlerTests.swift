import NIOCore
import NIOEmbedded
import NIOSSL
import TMTPTransport
import Testing

/// The server's own TLS handler against NIOSSL's client, step by step on embedded channels.
@Suite struct ServerTLSHandlerTests {
    @Test func handshakeThenPlaintextBothWays() throws {
        let pair = try TLSPair()
        pair.client.writeAndFlush(ByteBuffer(string: "hello"), promise: nil)
        try pair.pump()
        #expect(pair.serverReceivedBytes == Array("hello".utf8))

        let sent = pair.server.writeAndFlush(ByteBuffer(string: "world"))
        try pair.pump()
        #expect(try pair.clientReceived() == ByteBuffer(string: "world"))
        #expect(try outcome(of: sent)?.get() != nil)
    }

    @Test func tls12ClientIsServed() throws {
        let pair = try TLSPair { $0.maximumTLSVersion = .tlsv12 }
        pair.client.writeAndFlush(ByteBuffer(string: "over 1.2"), promise: nil)
        try pair.pump()
        #expect(pair.serverReceivedBytes == Array("over 1.2".utf8))
    }

    @Test(arguments: [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
    ])
    func tls12ClientOfferingOneAEADSuiteIsServed(suite: String) throws {
        let pair = try TLSPair {
            $0.maximumTLSVersion = .tlsv12; $0.cipherSuites = suite
        }
        pair.client.writeAndFlush(ByteBuffer(string: suite), promise: nil)
        try pair.pump()
        #expect(pair.serverReceivedBytes == Array(suite.utf8))
    }

    /// CBC suites with SHA-1 MACs are not offered (BoringSSL's default list has them).
    @Test(arguments: ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA"])
    func tls12ClientOfferingOnlyACBCSuiteIsRefused(suite: String) throws {
        let pair = try TLSPair {
            $0.maximumTLSVersion = .tlsv12; $0.cipherSuites = suite
        }
        pair.client.writeAndFlush(ByteBuffer(string: "refused"), promise: nil)
        #expect {
            try pair.pump()
        } throws: { error in
            guard case .some(.handshakeFailed(let detail)) = error as? ServerTLSError else { return false }
            return detail.contains("NO_SHARED_CIPHER")
        }
        #expect(!pair.server.isActive)
        #expect(pair.serverReceived.isEmpty)
    }

    @Test func clientBelowTLS12IsRefused() throws {
        let pair = try TLSPair {
            $0.minimumTLSVersion = .tlsv1; $0.maximumTLSVersion = .tlsv11
        }
        pair.client.writeAndFlush(ByteBuffer(string: "old"), promise: nil)
        #expect(throws: ServerTLSError.self) { try pair.pump() }
        #expect(!pair.server.isActive)
        #expect(pair.serverReceived.isEmpty)
    }

    @Test func writesBeforeTheHandshakeEndAreHeldThenSentInOrder() throws {
        let pair = try TLSPair()
        let first = pair.server.eventLoop.makePromise(of: Void.self)
        pair.server.write(ByteBuffer(string: "early "), promise: first)
        pair.server.writeAndFlush(ByteBuffer(string: "words"), promise: nil)
        // Nothing can go out before the client's hello.
        #expect(try pair.server.readOutbound(as: ByteBuffer.self) == nil)

        pair.client.flush()
        try pair.pump()
        #expect(try outcome(of: first.futureResult)?.get() != nil)
        #expect(try pair.clientReceived() == ByteBuffer(string: "early words"))
    }

    @Test func writesUpToAFlushGoOutAsOneBufferAndCompleteEveryPromise() throws {
        let pair = try TLSPair()
        pair.client.flush()
        try pair.pump()
        let writes = ["one ", "two ", "three"].map { text in
            let promise = pair.server.eventLoop.makePromise(of: Void.self)
            pair.server.write(ByteBuffer(string: text), promise: promise)
            return promise.futureResult
        }
        #expect(try pair.server.readOutbound(as: ByteBuffer.self) == nil)
        #expect(writes.allSatisfy { outcome(of: $0) == nil })

        pair.server.flush()
        let sealed = try #require(try pair.server.readOutbound(as: ByteBuffer.self))
        #expect(try pair.server.readOutbound(as: ByteBuffer.self) == nil)
        for write in writes { #expect(try outcome(of: write)?.get() != nil) }
        try pair.client.writeInbound(sealed)
        #expect(try pair.clientReceived() == ByteBuffer(string: "one two three"))
    }

    @Test func largeWritesArriveWholeInBoundedBuffers() throws {
        let pair = try TLSPair()
        let payload = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        pair.client.writeAndFlush(ByteBuffer(bytes: payload), promise: nil)
        try pair.pump()
        #expect(pair.serverReceivedBytes == payload)
        #expect(pair.serverReceived.allSatisfy { $0.readableBytes <= 8 << 10 })

        pair.server.writeAndFlush(ByteBuffer(bytes: payload), promise: nil)
        try pair.pump()
        #expect(Array(try pair.clientReceived().readableBytesView) == payload)
    }

    @Test func recordsSplitIntoSingleBytesStillOpen() throws {
        let pair = try TLSPair()
        pair.client.flush()
        try pair.pump()
        pair.client.writeAndFlush(ByteBuffer(string: "dripped"), promise: nil)
        let sealed = try #require(try pair.client.readOutbound(as: ByteBuffer.self))
        for byte in sealed.readableBytesView {
            try pair.server.writeInbound(ByteBuffer(bytes: [byte]))
        }
        pair.collectServerReads()
        #expect(pair.serverReceivedBytes == Array("dripped".utf8))
    }

    @Test func closingSendsCloseNotifyToThePeer() throws {
        let pair = try TLSPair()
        pair.client.flush()
        try pair.pump()
        let closed = pair.server.close()
        let notify = try #require(try pair.server.readOutbound(as: ByteBuffer.self))
        #expect(try outcome(of: closed)?.get() != nil)
        // The client takes the record as a clean close_notify (garbage would make it throw) and closes.
        try pair.client.writeInbound(notify)
        #expect(!pair.client.isActive)
    }

    @Test func thePeersCloseNotifyClosesTheLink() throws {
        let pair = try TLSPair()
        pair.client.flush()
        try pair.pump()
        pair.client.close(promise: nil)
        try pair.pump()
        #expect(!pair.server.isActive)
        // The server answered with its own close_notify, so the client's close finished too.
        #expect(!pair.client.isActive)
    }

    @Test func garbageInsteadOfAHandshakeFailsAndCloses() throws {
        let pair = try TLSPair()
        #expect(throws: ServerTLSError.self) {
            try pair.server.writeInbound(ByteBuffer(string: "ffff{\"op\":0}garbage garbage garbage"))
        }
        #expect(!pair.server.isActive)
    }

    @Test func writesAfterCloseFail() throws {
        let pair = try TLSPair()
        pair.client.flush()
        try pair.pump()
        pair.server.close(promise: nil)
        let late = pair.server.writeAndFlush(ByteBuffer(string: "late"))
        #expect(throws: (any Error).self) { try outcome(of: late)?.get() }
    }
}
