import Config
import CoreMetrics
import Fetcher
import Foundation
import Prometheus
import ServiceLifecycle
import Telemetry

extension Daemon {
    /// The exporters the `[metrics]` table asks for (none when it asks for nothing), publishing
    /// `registry`, or the process-wide registry when nil (bootstrapping swift-metrics with it).
    ///
    /// The endpoint's socket is bound here, so a taken port stops the daemon before it starts.
    func metricsServices(registry: PrometheusCollectorRegistry?) throws(DaemonError) -> [any Service] {
        let settings = configuration.metrics
        guard settings.isEnabled else { return [] }
        let source = MetricsSource(registry: registry ?? TelemetryBootstrap.registry()) { [self] factory in
            sampleGauges(into: factory)
        }
        var services: [any Service] = []
        if let listen = settings.listen {
            if !listen.isLoopback {
                logger.warning("metrics endpoint listens beyond this machine, as configured", metadata: [
                    "metrics.listen": "\(listen)",
                ])
            }
            do {
                services.append(
                    try MetricsEndpoint(host: listen.host, port: listen.port, source: source, logger: logger))
            } catch {
                throw DaemonError(step: "starting the metrics endpoint", message: "\(error)")
            }
        }
        if let path = settings.textfile {
            services.append(MetricsTextfileService(
                textfile: MetricsTextfile(path: path), source: source, interval: .seconds(settings.intervalSeconds),
                logger: logger))
        }
        return services
    }

    /// Sets the gauges that are read from files rather than counted as events: the configured
    /// feeds by state (as `brinkwatch status` classifies them) and the items in each inbox folder.
    func sampleGauges(into factory: any MetricsFactory, now: Date = Date()) {
        let configuration = current.value
        let states = storage.feedStates
        var feeds = Dictionary(uniqueKeysWithValues: MetricNames.feedStates.map { ($0, 0) })
        for feed in configuration.feeds {
            let kind = FeedCondition((try? states.loadSummary(feed.name)) ?? nil, now: now).kind
            feeds[kind.rawValue.replacingOccurrences(of: "-", with: "_"), default: 0] += 1
        }
        for (state, count) in feeds {
            Gauge(label: MetricNames.feeds, dimensions: [(MetricNames.Label.state, state)], factory: factory)
                .record(count)
        }
        if let depths = try? inbox.depths() {
            let folders = [
                ("tmp", depths.staging), ("new", depths.ready), ("cur", depths.claimed), ("dead", depths.dead),
            ]
            for (folder, count) in folders {
                Gauge(label: MetricNames.inboxItems, dimensions: [(MetricNames.Label.folder, folder)], factory: factory)
                    .record(count)
            }
        }
        Gauge(
            label: MetricNames.buildInfo, dimensions: [(MetricNames.Label.version, BrinkwatchVersion.string)],
            factory: factory
        ).record(1)
    }
}
