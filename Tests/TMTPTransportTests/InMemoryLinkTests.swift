import NIOCore
import TMTP
import TMTPTransport
import Testing

@Suite struct InMemoryLinkTests {
    @Test func carriesFramesBothWaysThroughTheRealCodec() async throws {
        let link = try await InMemoryLink.connect { pipeline in try pipeline.addHandler(EchoHandler()) }
        try await link.send(.tmtpRev(.init()))
        #expect(try await link.next().header == .tmtprev(.init(name: "echo-site")))

        let payload = Array("hello, in-memory site".utf8)
        try await link.send(.post(.init(id: "m1", recipients: [], dataLength: Int64(payload.count))), data: payload)
        let delivery = try await link.next()
        #expect(delivery.data == payload)
        #expect(delivery.header.std?.id == "m1")
        await link.close()
        #expect(await !link.isOpen)
    }

    @Test func rawBytesReachTheServerDecoder() async throws {
        let link = try await InMemoryLink.connect { pipeline in try pipeline.addHandler(EchoHandler()) }
        // Split mid-header: nothing is answered until the frame completes.
        let frame = try FrameEncoder.frame(header: ClientMessage.tmtpRev(.init()).headerJSON())
        try await link.sendBytes(Array(frame.prefix(5)))
        try await link.sendBytes(Array(frame.dropFirst(5)))
        #expect(try await link.next().header == .tmtprev(.init(name: "echo-site")))
        // A bad length is a framing error; the echo handler closes the link on it.
        try? await link.sendBytes(Array("0003{}xxxxxxxx".utf8))
        #expect(await !link.isOpen)
        await link.close()
    }
}
