import Logging
import ServiceLifecycle
import TMTPServer

/// The running site as one service of the process's group: on graceful shutdown (SIGTERM, SIGINT) it stops
/// accepting, lets each link's in-flight commit finish, closes every link, and returns.
struct SiteService: Service {
    let server: SiteServer
    let logger: Logger

    func run() async throws {
        // Throws only when the group is cancelled outright; the links are closed either way.
        try? await gracefulShutdown()
        logger.info("shutting down: no new links, finishing commits in flight")
        await server.shutdown()
    }
}
