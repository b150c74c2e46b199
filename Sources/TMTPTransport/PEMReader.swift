import CNIOBoringSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Certificates and keys out of PEM text, for ``ServerTLSContext``.
enum PEMReader {
    /// Every certificate in `pem`, in order; the caller frees each with `X509_free`.
    static func certificates(_ pem: [UInt8]) throws -> [OpaquePointer] {
        try withMemoryBIO(pem) { bio in
            var certificates: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(certificate)
            }
            // Reading stops with "no start line" at the end of the text; anything else is a broken certificate.
            let last = ERR_peek_last_error()
            if certificates.isEmpty || (last != 0 && !isEndOfText(last)) {
                let detail = BoringSSLErrorQueue.drain()
                certificates.forEach { X509_free($0) }
                throw certificates.isEmpty ? ServerTLSError.noCertificate : ServerTLSError.certificate(detail)
            }
            BoringSSLErrorQueue.clear()
            return certificates
        }
    }

    /// The first private key in `pem`; the caller frees it with `EVP_PKEY_free`.
    static func privateKey(_ pem: [UInt8]) throws -> OpaquePointer {
        try withMemoryBIO(pem) { bio in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw ServerTLSError.privateKey(BoringSSLErrorQueue.drain())
            }
            return key
        }
    }

    /// A file's bytes, with the system's reason when it cannot be read.
    static func contents(of path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ServerTLSError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk.prefix(count)
            if count < chunk.count { break }
            // A PEM file of megabytes is no certificate; stop rather than read an arbitrary file whole.
            if bytes.count > 1 << 20 {
                throw ServerTLSError.unreadableFile(path: path, reason: "larger than 1 MiB")
            }
        }
        if ferror(file) != 0 {
            throw ServerTLSError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        return bytes
    }

    private static func isEndOfText(_ error: UInt32) -> Bool {
        ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE
    }

    private static func withMemoryBIO<Result>(
        _ bytes: [UInt8], _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        BoringSSLErrorQueue.clear()
        return try bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, raw.count) else {
                throw ServerTLSError.setup(BoringSSLErrorQueue.drain())
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }
}
