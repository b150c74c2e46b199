import NIOCore

/// The input scripts a link between a real NIOSSL client and the server after a real handshake: its first byte
/// picks the client (TLS 1.3, or TLS 1.2 with one of the offered suites), then each step is an operation byte and
/// its arguments.
///
/// Promises checked: a real client with an offered suite always gets through the handshake; the server passes up
/// only what the client sealed, in order, whatever was flipped or injected on the way (a tampered record cannot
/// open); a server that failed has closed; untouched, both directions arrive whole and the client's close_notify
/// closes the link; every byte the server sends is part of a whole TLS record.
func fuzzSession(_ bytes: ArraySlice<UInt8>) {
    var script = Script(bytes)
    let kinds = FuzzSite.Client.allCases
    let kind = kinds[Int(script.next() ?? 0) % kinds.count]
    guard let link = try? LinkPair(client: FuzzSite.shared.context(for: kind)), let client = link.client else {
        require(false, "cannot set up embedded channels")
        return
    }
    link.pump()
    require(
        link.serverError == nil && link.server.isActive && client.isActive,
        "a \(kind) client was refused: \(String(describing: link.serverError))")

    var clientPlaintext: [UInt8] = []
    var serverPlaintext: [UInt8] = []
    var tampered = false
    var closed = false
    while !closed, let operation = script.next() {
        let argument = Int(script.next() ?? 0)
        let count = argument * 131 + 1
        let plaintext = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ clientPlaintext.count) }
        switch operation % 5 {
        case 0:
            client.writeAndFlush(ByteBuffer(bytes: plaintext), promise: nil)
            clientPlaintext += plaintext
        case 1:
            link.server.writeAndFlush(ByteBuffer(bytes: plaintext), promise: nil)
            serverPlaintext += plaintext
        case 2:
            // One bit pattern flipped in one byte of the client's next records.
            link.pump()
            client.writeAndFlush(ByteBuffer(bytes: plaintext), promise: nil)
            clientPlaintext += plaintext
            var sealed = link.takeClientOutput()
            guard !sealed.isEmpty else { break }
            let position = (Int(script.next() ?? 0) << 8 | Int(script.next() ?? 0)) % sealed.count
            sealed[position] ^= (script.next() ?? 0) | 1
            link.feedServer(sealed)
            tampered = true
        case 3:
            // Bytes of the input's own, in the middle of the client's stream.
            let injected = script.take(argument + 1)
            link.pump()
            link.feedServer(injected)
            tampered = true
        default:
            client.close(promise: nil)
            closed = true
        }
        link.pump()
        require(
            clientPlaintext.starts(with: link.serverReceived),
            "the server passed up bytes the client did not send (\(link.serverReceived.count) passed up)")
        require(
            link.serverError == nil || !link.server.isActive, "the server failed and stayed open")
    }
    if !tampered {
        require(link.serverError == nil, "an untouched link failed: \(String(describing: link.serverError))")
        require(link.serverReceived == clientPlaintext, "the server lost client bytes")
        require(link.clientReceived == serverPlaintext, "the client did not get the server's bytes")
        require(!closed || !link.server.isActive, "the client's close_notify did not close the server's side")
    } else {
        require(serverPlaintext.starts(with: link.clientReceived), "the client got bytes the server did not send")
    }
}

/// Reads an input's bytes in order; past the end there are none.
private struct Script {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> UInt8? {
        bytes.popFirst()
    }

    mutating func take(_ count: Int) -> [UInt8] {
        let taken = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return Array(taken)
    }
}
