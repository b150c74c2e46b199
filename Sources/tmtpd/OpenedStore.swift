import Foundation
import Logging
import TMTPServer

/// The site's store as `--store` chose it: SQLite in the data directory, or a PostgreSQL database
/// several instances share (the data directory then keeps only the certificate and local files).
struct OpenedStore {
    let store: any ServerStore
    /// Several instances may share the store (PostgreSQL).
    let isShared: Bool
    private let closeStore: @Sendable () throws -> Void

    /// Opens the store. `serving` is for `tmtpd serve` alone: it cleans up leftovers of a crash,
    /// which a command beside a running server must not touch.
    static func open(url: String?, dataDirectory: String, serving: Bool, logger: Logger) async throws -> OpenedStore {
        guard let url, url != "sqlite" else {
            let store = try SQLiteServerStore(
                directory: dataDirectory, options: serving ? .init() : .alongsideServer)
            if serving {
                let cleanup = store.startupCleanup
                if cleanup.temporaryFiles + cleanup.orphanBlobs > 0 {
                    logger.info(
                        "removed \(cleanup.temporaryFiles) partial uploads, \(cleanup.orphanBlobs) unreferenced blobs")
                }
            }
            return OpenedStore(store: store, isShared: false, closeStore: { try store.close() })
        }
        var location = try PostgresLocation(url: url)
        // How `tmtpd stats` lists the instances (PostgreSQL keeps 63 bytes of it).
        location.applicationName =
            serving
            ? String("tmtpd serve@\(ProcessInfo.processInfo.hostName):\(getpid())".utf8.prefix(63)) ?? "tmtpd serve"
            : "tmtpd admin"
        let store = try await PostgresServerStore.open(
            location, spoolDirectory: dataDirectory, removesLeftovers: serving, logger: logger)
        if serving { logger.info("store \(location)") }
        return OpenedStore(store: store, isShared: true, closeStore: { store.close() })
    }

    func close() throws {
        try closeStore()
    }
}
