import CNIOBoringSSL
import NIOCore

/// Every call Quire makes into BoringSSL, and the only file that imports it.
///
/// This BoringSSL is the copy swift-nio-ssl builds as `CNIOBoringSSL`, a module that package does not export, so
/// Package.swift pins swift-nio-ssl to the range this file was written against. The server uses it directly so that
/// an idle link keeps nothing beyond BoringSSL's own connection state (see ``ServerTLSHandler``); the rest of the
/// code sees the Swift types below, never a BoringSSL pointer.
enum BoringSSL {
    /// The TLS 1.2 suites offered: ECDHE key exchange with an AEAD, for ECDSA and RSA keys. TLS 1.3's suites are all
    /// AEAD and not configurable. CBC suites (SHA-1 MACs, padding oracles) and static RSA are never offered.
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ]

    /// One `SSL_CTX`: a certificate chain, its key, and the settings every connection made from it shares.
    ///
    /// TLS 1.2 is the floor. The session cache is off: resumption goes by tickets, which cost the server no memory
    /// per session, so no number of reconnecting clients can grow it.
    final class Context: @unchecked Sendable {
        // An `SSL_CTX` is safe to share across threads once configured, and it is never changed after `init`.
        fileprivate let context: OpaquePointer
        /// The DER encoding of the leaf certificate.
        let leafDER: [UInt8]

        /// A context from a PEM certificate chain (leaf first) and the leaf's PEM private key.
        init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws {
            let chain = try BoringSSL.certificates(certificateChainPEM)
            defer { chain.forEach { X509_free($0) } }
            guard let leaf = chain.first else { throw ServerTLSError.noCertificate }
            leafDER = try BoringSSL.der(of: leaf)
            guard let method = TLS_server_method(), let context = SSL_CTX_new(method) else {
                throw ServerTLSError.setup(BoringSSL.drainErrors())
            }
            self.context = context
            guard SSL_CTX_use_certificate(context, leaf) == 1 else {
                throw ServerTLSError.certificate(BoringSSL.drainErrors())
            }
            for intermediate in chain.dropFirst() where SSL_CTX_add1_chain_cert(context, intermediate) != 1 {
                throw ServerTLSError.certificate(BoringSSL.drainErrors())
            }
            let key = try BoringSSL.privateKey(privateKeyPEM)
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
                throw ServerTLSError.keyMismatch(BoringSSL.drainErrors())
            }
            guard SSL_CTX_set_min_proto_version(context, UInt16(TLS1_2_VERSION)) == 1,
                SSL_CTX_set_strict_cipher_list(context, BoringSSL.tls12CipherSuites.joined(separator: ":")) == 1
            else {
                throw ServerTLSError.setup(BoringSSL.drainErrors())
            }
            SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF)
        }

        deinit {
            SSL_CTX_free(context)
        }
    }

    /// One link's server-side connection and the ciphertext passing through it right now.
    ///
    /// The connection's BIO is this object: BoringSSL reads ciphertext from ``receive(_:)``'s buffer and writes
    /// sealed records into a buffer that ``takeCiphertext()`` hands over whole. Neither is kept once drained, so
    /// between reads a link holds only BoringSSL's state.
    final class Connection {
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
        /// A record's header, content type, AEAD nonce and tag take at most this much (TLS 1.2's AES-GCM: 5 + 8 +
        /// 16; TLS 1.3: 5 + 1 + 16). Only AEAD suites are offered, so no CBC padding or MAC adds to it.
        static let recordOverhead = 32

        private let ssl: OpaquePointer
        private let allocator: ByteBufferAllocator
        private var ciphertextIn: ByteBuffer?
        private var ciphertextOut: ByteBuffer?

        init(context: Context, allocator: ByteBufferAllocator) throws {
            BoringSSL.clearErrors()
            guard let ssl = SSL_new(context.context) else {
                throw ServerTLSError.setup(BoringSSL.drainErrors())
            }
            guard let method = ConnectionBIO.method, let bio = BIO_new(method) else {
                SSL_free(ssl)
                throw ServerTLSError.setup(BoringSSL.drainErrors())
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
            BoringSSL.clearErrors()
            let result = SSL_do_handshake(ssl)
            return result == 1 ? .done : step(after: result, failure: ServerTLSError.handshakeFailed)
        }

        /// Opens records into `plaintext`'s free space until it is full or the input runs out.
        func read(into plaintext: inout ByteBuffer) -> Step {
            while plaintext.writableBytes > 0 {
                BoringSSL.clearErrors()
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
            // Room for the records up front: grown by doubling instead, a 250 KB delivery would end in a 512 KB
            // buffer, copied on the way, and held until the peer has read it.
            let records = plaintext.readableBytes / Self.largestRecordPlaintext + 1
            let sealedSize = plaintext.readableBytes + records * Self.recordOverhead
            if ciphertextOut == nil {
                ciphertextOut = allocator.buffer(capacity: sealedSize)
            } else {
                ciphertextOut?.reserveCapacity(minimumWritableBytes: sealedSize)
            }
            var remaining = plaintext.readableBytesView[...]
            while !remaining.isEmpty {
                BoringSSL.clearErrors()
                let chunk = remaining.prefix(1 << 20)
                let written = chunk.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
                guard written > 0 else {
                    return .protocolFailure(BoringSSL.drainErrors())
                }
                remaining = remaining.dropFirst(Int(written))
            }
            return nil
        }

        /// Queues close_notify for the peer.
        func close() {
            BoringSSL.clearErrors()
            _ = SSL_shutdown(ssl)
            BoringSSL.clearErrors()
        }

        private func step(after result: Int32, failure: (String) -> ServerTLSError) -> Step {
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: return .wantsMoreInput
            case SSL_ERROR_ZERO_RETURN: return .closedByPeer
            default: return .failed(failure(BoringSSL.drainErrors()))
            }
        }

        // MARK: BIO side, called by BoringSSL inside the calls above.

        fileprivate func bioRead(into space: UnsafeMutableRawBufferPointer) -> Int32 {
            guard var input = ciphertextIn, input.readableBytes > 0 else { return -1 }
            let count = min(space.count, input.readableBytes)
            input.withUnsafeReadableBytes {
                space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(count)))
            }
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

    // MARK: PEM and DER

    /// Every certificate in `pem`, in order; the caller frees each with `X509_free`.
    private static func certificates(_ pem: [UInt8]) throws -> [OpaquePointer] {
        try withMemoryBIO(pem) { bio in
            var certificates: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(certificate)
            }
            // Reading stops with "no start line" at the end of the text; anything else is a broken certificate.
            let last = ERR_peek_last_error()
            if certificates.isEmpty || (last != 0 && !isEndOfText(last)) {
                let detail = drainErrors()
                certificates.forEach { X509_free($0) }
                throw certificates.isEmpty ? ServerTLSError.noCertificate : ServerTLSError.certificate(detail)
            }
            clearErrors()
            return certificates
        }
    }

    /// The first private key in `pem`; the caller frees it with `EVP_PKEY_free`.
    private static func privateKey(_ pem: [UInt8]) throws -> OpaquePointer {
        try withMemoryBIO(pem) { bio in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw ServerTLSError.privateKey(drainErrors())
            }
            return key
        }
    }

    /// The DER encoding of `certificate`.
    private static func der(of certificate: OpaquePointer) throws -> [UInt8] {
        var start: UnsafeMutablePointer<UInt8>?
        let count = i2d_X509(certificate, &start)
        guard count > 0, let start else { throw ServerTLSError.certificate(drainErrors()) }
        defer { OPENSSL_free(start) }
        return Array(UnsafeBufferPointer(start: start, count: Int(count)))
    }

    private static func isEndOfText(_ error: UInt32) -> Bool {
        ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE
    }

    private static func withMemoryBIO<Result>(
        _ bytes: [UInt8], _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        clearErrors()
        return try bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, raw.count) else {
                throw ServerTLSError.setup(drainErrors())
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    // MARK: Error queue

    /// BoringSSL's per-thread error queue as text, oldest first; the queue is left empty.
    private static func drainErrors() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no detail" : reasons.joined(separator: "; ")
    }

    /// Empties the queue, so that a later `SSL_get_error` reads only what the next call left.
    private static func clearErrors() {
        ERR_clear_error()
    }
}

@available(*, unavailable)
extension BoringSSL.Connection: Sendable {}

/// The BIO method whose data pointer is a ``BoringSSL/Connection``.
private enum ConnectionBIO {
    nonisolated(unsafe) static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "TMTP link") else { return nil }
        BIO_meth_set_write(method, write)
        BIO_meth_set_read(method, read)
        BIO_meth_set_ctrl(method, control)
        return method
    }()

    private static func connection(_ bio: OpaquePointer?) -> BoringSSL.Connection? {
        guard let bio, let pointer = BIO_get_data(bio) else { return nil }
        BIO_clear_retry_flags(bio)
        return Unmanaged<BoringSSL.Connection>.fromOpaque(pointer).takeUnretainedValue()
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
