import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import TMTPServer

#if canImport(Glibc)
    import Glibc
#endif

/// `tmtpd serve --metrics HOST:PORT`: the Prometheus text format at `/metrics`, over plain HTTP.
///
/// Counters and histograms are kept by the site as it works (swift-metrics, into a Prometheus registry);
/// the gauges (links, queued messages, memory) are read at each scrape, so a scrape sees the state of
/// that moment.
struct MetricsEndpoint {
    let registry: PrometheusCollectorRegistry
    private let openLinks: Prometheus.Gauge
    private let loggedIn: Prometheus.Gauge
    private let queued: Prometheus.Gauge
    private let resident: Prometheus.Gauge

    /// Makes the registry the process's metrics backend; before the site starts, so its counters land here.
    static func bootstrap() -> MetricsEndpoint {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets["tmtpd_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        MetricsSystem.bootstrap(factory)
        return MetricsEndpoint(registry: registry)
    }

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        let links = MetricNameDescriptor(metricName: "tmtpd_links", helpText: "Links open, and nodes logged in.")
        openLinks = registry.makeGauge(descriptor: links, labels: [("state", "open")])
        loggedIn = registry.makeGauge(descriptor: links, labels: [("state", "logged_in")])
        queued = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "tmtpd_queue_messages", helpText: "Messages waiting in all node queues."))
        resident = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "process_resident_memory", unitName: "bytes", helpText: "Resident memory."))
    }

    /// The HTTP server, a service of the process's group. `onBound` is told the port (with port 0, the one
    /// the system picked).
    func application(
        host: String, port: Int, server: SiteServer, store: any ServerStore, logger: Logger,
        onBound: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        let endpoint = self
        router.get("metrics") { _, _ -> Response in
            await endpoint.sample(server: server, store: store, logger: logger)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: endpoint.registry.emitToBuffer())))
        }
        var quiet = logger
        quiet.logLevel = .warning
        return Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in onBound(channel.localAddress?.port ?? port) }, logger: quiet)
    }

    /// Reads the gauges.
    private func sample(server: SiteServer, store: any ServerStore, logger: Logger) async {
        openLinks.set(Double(server.linkCount))
        loggedIn.set(Double(await server.loggedInCount()))
        do {
            queued.set(Double(try await store.statistics().queuedDeliveries))
        } catch {
            logger.error("metrics: queue count not read: \(error)")
        }
        if let bytes = Self.residentBytes() { resident.set(Double(bytes)) }
    }

    /// Resident set size from /proc/self/statm (Linux); `nil` elsewhere.
    private static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
