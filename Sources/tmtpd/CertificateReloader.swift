import Logging
import ServiceLifecycle
import TMTPTransport
import UnixSignals

/// Reloads the certificate and key on SIGHUP (what an ACME client's renew hook sends).
///
/// Links already open keep their connection; new handshakes use the new certificate. A file that does not make
/// a usable certificate and key is refused with a log line, and the certificate in use stays.
struct CertificateReloader: Service {
    let tls: ServerTLSContext
    let certificateFile: String
    let keyFile: String
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            do {
                let fingerprint = try tls.reload(certificateChainFile: certificateFile, privateKeyFile: keyFile)
                logger.notice("SIGHUP: reloaded \(certificateFile); SHA-256 fingerprint \(fingerprint.hex)")
            } catch {
                logger.error("SIGHUP: kept the certificate in use; \(certificateFile) refused: \(error)")
            }
        }
    }
}
