import CNIOBoringSSL
import Foundation

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

    /// The DER encoding of `certificate`.
    static func der(of certificate: OpaquePointer) throws -> [UInt8] {
        var start: UnsafeMutablePointer<UInt8>?
        let count = i2d_X509(certificate, &start)
        guard count > 0, let start else { throw ServerTLSError.certificate(BoringSSLErrorQueue.drain()) }
        defer { OPENSSL_free(start) }
        return Array(UnsafeBufferPointer(start: start, count: Int(count)))
    }

    /// A file's bytes, with the system's reason when it cannot be read. A PEM file of megabytes is no
    /// certificate, so reading stops there rather than take in whatever the path names (say `/dev/zero`).
    static func contents(of path: String) throws -> [UInt8] {
        let limit = 1 << 20
        do {
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? file.close() }
            let bytes = try file.read(upToCount: limit + 1) ?? Data()
            guard bytes.count <= limit else {
                throw ServerTLSError.unreadableFile(path: path, reason: "larger than 1 MiB")
            }
            return Array(bytes)
        } catch let error as ServerTLSError {
            throw error
        } catch {
            throw ServerTLSError.unreadableFile(path: path, reason: error.localizedDescription)
        }
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
