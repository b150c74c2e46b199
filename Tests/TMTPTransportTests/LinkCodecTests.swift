import NIOCore
import NIOEmbedded
import TMTP
import TMTPTransport
import Testing

/// The codec handlers on an in-memory channel: the same pipeline a TLS link runs after the handshake.
@Suite struct LinkCodecTests {
    private func serverChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try LinkCodec.addServerCodec(to: channel.pipeline.syncOperations)
        return channel
    }

    @Test func decodesOpsSplitAcrossReadsAndStreamsTheirData() throws {
        let channel = try serverChannel()
        let post = ClientMessage.post(.init(id: "p1", recipients: [Addressee(id: "UID", type: 1)], dataLength: 10))
        let bytes =
            try FrameEncoder.frame(header: ClientMessage.tmtpRev(.init()).headerJSON())
            + FrameEncoder.frame(header: post.headerJSON(), data: Array("0123456789".utf8))
        for byte in bytes {
            try channel.writeInbound(channel.allocator.buffer(bytes: [byte]))
        }
        var steps: [String] = []
        var data: [UInt8] = []
        while let frame = try channel.readInbound(as: InboundFrame<ClientMessage>.self) {
            switch frame {
            case .head(let header): steps.append("head \(header.op)")
            case .body(let chunk): data += chunk.readableBytesView
            case .end: steps.append("end")
            }
        }
        #expect(steps == ["head tmtpRev", "end", "head post", "end"])
        #expect(data == Array("0123456789".utf8))
    }

    @Test func aFramingErrorIsReportedAsTheReferenceQuitReason() throws {
        let channel = try serverChannel()
        #expect(throws: QuitReason.invalidHeaderLength) {
            try channel.writeInbound(channel.allocator.buffer(string: "0004{}xxxxxxxxxx"))
        }
        // After the error the stream is out of step: later input is dropped, not parsed.
        try channel.writeInbound(
            channel.allocator.buffer(bytes: try FrameEncoder.frame(header: Array(#"{"op":11}"#.utf8))))
        #expect(try channel.readInbound(as: InboundFrame<ClientMessage>.self) == nil)
    }

    @Test func writesFramesWithLowercaseLengthAndRefusesShortBodies() throws {
        let channel = try serverChannel()
        let quit = ServerMessage.quit(.logoutOK)
        try channel.writeOutbound(OutboundFrame.frame(header: quit.headerJSON(), data: nil))
        var written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(written.readString(length: written.readableBytes) == #"0021{"error":"logout ok","op":"quit"}"#)

        try channel.writeOutbound(OutboundFrame.head(header: Array(#"{"op":"x","datalen":4}"#.utf8), dataLength: 4))
        try channel.writeOutbound(OutboundFrame.body(channel.allocator.buffer(string: "ab")))
        #expect(throws: FrameWriteError.bodyShorterThanAnnounced(missing: 2)) {
            try channel.writeOutbound(OutboundFrame.frame(header: Array(#"{"op":"y"}"#.utf8), data: nil))
        }
        #expect(throws: FrameWriteError.bodyLongerThanAnnounced) {
            try channel.writeOutbound(OutboundFrame.body(channel.allocator.buffer(string: "cde")))
        }
    }
}
