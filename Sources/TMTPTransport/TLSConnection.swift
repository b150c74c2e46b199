import CNIOBoringSSL
import NIOCore

/// One link's BoringSSL connection and the bytes passing through it right now.
///
/// The connection's BIO is this object: BoringSSL reads ciphertext from ``receive(_:)``'s buffer and writes sealed
/// records into a buffer that ``takeCiphertext()`` hands over whole. Neither is kept once drained, so between
/// reads a link holds only BoringSSL's state.
final class TLSConnection {
    /// What a handshake or read step came to.
    enum Step: Equatable {
        /// It finished (the handshake is done; the read filled the buffer and may go on).
        case done
        /// It needs more ciphertext from the peer.
        case wantsMoreInput
        /// The peer sent close_notify.
        case closedByPeer
        case failed(ServerTLSError)
    }

    /// TLS puts at most 16 KiB of plaintext in a record.
    static let largestRecordPlaintext = 16 << 10
    /// A record's header, content type, AEAD nonce and tag take at most this much (TLS 1.2's AES-GCM: 5 + 8 + 16;
    /// TLS 1.3: 5 + 1 + 16).
    static let recordOverhead = 32

    private let ssl: OpaquePointer
    private let allocator: ByteBufferAllocator
    private var ciphertextIn: ByteBuffer?
    private var ciphertextOut: ByteBuffer?

    init(context: ServerTLSContext, allocator: ByteBufferAllocator) throws {
        BoringSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.context) else {
            throw ServerTLSError.setup(BoringSSLErrorQueue.drain())
        }
        guard let method = TLSConnectionBIO.method, let bio = BIO_new(method) else {
            SSL_free(ssl)
            throw ServerTLSError.setup(BoringSSLErrorQueue.drain())
        }
        self.ssl = ssl
        self.allocator = allocator
        // The BIO points at `self` without a retain: it lives inside `ssl`, which `self` frees in `deinit`.
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
        BIO_set_init(bio, 1)
        // One BIO as both ends consumes its single reference.
        SSL_set_bio(ssl, bio, bio)
        SSL_set_accept_state(ssl)
        // The certificate, key and cipher settings are needed only to handshake; dropping them after saves a
        // third of an idle connection's state.
        SSL_set_shed_handshake_config(ssl, 1)
    }

    deinit {
        SSL_free(ssl)
    }

    /// Ciphertext from the peer, consumed by the next steps.
    func receive(_ bytes: ByteBuffer) {
        if ciphertextIn == nil {
            ciphertextIn = bytes
        } else {
            ciphertextIn?.writeImmutableBuffer(bytes)
        }
    }

    /// Ciphertext received and not yet consumed by BoringSSL.
    var pendingInput: Int { ciphertextIn?.readableBytes ?? 0 }

    /// Records sealed since the last call (handshake flights, alerts, application data), if any.
    func takeCiphertext() -> ByteBuffer? {
        defer { ciphertextOut = nil }
        return ciphertextOut
    }

    func handshake() -> Step {
        BoringSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        return result == 1 ? .done : step(after: result, failure: ServerTLSError.handshakeFailed)
    }

    /// Opens records into `plaintext`'s free space until it is full or the input runs out.
    func read(into plaintext: inout ByteBuffer) -> Step {
        while plaintext.writableBytes > 0 {
            BoringSSLErrorQueue.clear()
            var result: Int32 = 0
            plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { space in
                result = SSL_read(ssl, space.baseAddress, Int32(clamping: space.count))
                return Int(max(0, result))
            }
            if result <= 0 {
                return step(after: result, failure: ServerTLSError.protocolFailure)
            }
        }
        return .done
    }

    /// Seals all of `plaintext` into records.
    func write(_ plaintext: ByteBuffer) -> ServerTLSError? {
        // Room for the records up front: grown by doubling instead, a 250 KB delivery would end in a 512 KB buffer,
        // copied on the way, and held until the peer has read it.
        let records = plaintext.readableBytes / Self.largestRecordPlaintext + 1
        let sealedSize = plaintext.readableBytes + records * Self.recordOverhead
        if ciphertextOut == nil {
            ciphertextOut = allocator.buffer(capacity: sealedSize)
        } else {
            ciphertextOut?.reserveCapacity(minimumWritableBytes: sealedSize)
        }
        var remaining = plaintext.readableBytesView[...]
        while !remaining.isEmpty {
            BoringSSLErrorQueue.clear()
            let chunk = remaining.prefix(1 << 20)
            let written = chunk.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else {
                return .protocolFailure(BoringSSLErrorQueue.drain())
            }
            remaining = remaining.dropFirst(Int(written))
        }
        return nil
    }

    /// Queues close_notify for the peer.
    func close() {
        BoringSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        BoringSSLErrorQueue.clear()
    }

    private func step(after result: Int32, failure: (String) -> ServerTLSError) -> Step {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantsMoreInput
        case SSL_ERROR_ZERO_RETURN: return .closedByPeer
        default: return .failed(failure(BoringSSLErrorQueue.drain()))
        }
    }

    // MARK: BIO side, called by BoringSSL inside the calls above.

    fileprivate func bioRead(into space: UnsafeMutableRawBufferPointer) -> Int32 {
        guard var input = ciphertextIn, input.readableBytes > 0 else { return -1 }
        let count = min(space.count, input.readableBytes)
        input.withUnsafeReadableBytes { space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        input.moveReaderIndex(forwardBy: count)
        ciphertextIn = input.readableBytes > 0 ? input : nil
        return Int32(count)
    }

    fileprivate func bioWrite(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if ciphertextOut == nil {
            ciphertextOut = allocator.buffer(capacity: max(bytes.count, 512))
        }
        ciphertextOut?.writeBytes(bytes)
        return Int32(bytes.count)
    }
}

@available(*, unavailable)
extension TLSConnection: Sendable {}

/// The BIO method whose data pointer is a ``TLSConnection``.
private enum TLSConnectionBIO {
    nonisolated(unsafe) static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "TMTP link") else { return nil }
        BIO_meth_set_write(method, write)
        BIO_meth_set_read(method, read)
        BIO_meth_set_ctrl(method, control)
        return method
    }()

    private static func connection(_ bio: OpaquePointer?) -> TLSConnection? {
        guard let bio, let pointer = BIO_get_data(bio) else { return nil }
        BIO_clear_retry_flags(bio)
        return Unmanaged<TLSConnection>.fromOpaque(pointer).takeUnretainedValue()
    }

    private static let write: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
        bio, bytes, count in
        guard let connection = connection(bio), let bytes else { return -1 }
        guard count > 0 else { return 0 }
        return connection.bioWrite(UnsafeRawBufferPointer(start: bytes, count: Int(count)))
    }

    private static let read: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32 = {
        bio, space, count in
        guard let connection = connection(bio), let space else { return -1 }
        guard count > 0 else { return 0 }
        let read = connection.bioRead(into: UnsafeMutableRawBufferPointer(start: space, count: Int(count)))
        if read < 0 { BIO_set_retry_read(bio) }
        return read
    }

    private static let control: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int = {
        bio, command, argument, _ in
        switch command {
        case BIO_CTRL_GET_CLOSE: return Int(BIO_get_shutdown(bio))
        case BIO_CTRL_SET_CLOSE:
            BIO_set_shutdown(bio, Int32(argument))
            return 1
        case BIO_CTRL_FLUSH: return 1
        default: return 0
        }
    }
}
