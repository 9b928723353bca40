import CoreMetrics
import Prometheus
import Synchronization

/// Connects swift-metrics to a Prometheus registry, once per process.
///
/// Code records with swift-metrics (`Counter`, `Timer`, `Gauge`) wherever an event happens;
/// until ``registry()`` is called those calls go to swift-metrics' no-op backend, so the
/// command-line tools and the tests pay nothing for them. `MetricsSystem.bootstrap` may run only
/// once in a process, so every caller gets the same registry from here instead of bootstrapping
/// again. Tests that want a registry of their own bind ``factory(for:)`` to their task with
/// swift-metrics' `withMetricsFactory` and leave the process-wide one alone.
public enum TelemetryBootstrap {
    private static let shared = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The process-wide registry; the first call bootstraps swift-metrics with it.
    public static func registry() -> PrometheusCollectorRegistry {
        shared.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(factory(for: created))
            registry = created
            return created
        }
    }

    /// Whether ``registry()`` has bootstrapped swift-metrics in this process.
    public static var isBootstrapped: Bool { shared.withLock { $0 != nil } }

    /// A factory that records into `registry` with brinkwatch's histogram buckets.
    ///
    /// Every factory writing to one registry must come from here: the registry refuses (traps
    /// on) one histogram name with two sets of buckets.
    public static func factory(for registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[MetricNames.fetchDuration] = MetricNames.fetchDurationBuckets
        return factory
    }

    /// Creates every series whose label values are known in advance at zero, so that a scrape
    /// shows them (and a rate over them works) before the first event of each kind.
    public static func declare(in factory: any MetricsFactory) {
        for outcome in MetricNames.fetchOutcomes {
            Counter(label: MetricNames.fetches, dimensions: [(MetricNames.Label.outcome, outcome)], factory: factory)
                .increment(by: 0)
        }
        Counter(label: MetricNames.fetchBytes, factory: factory).increment(by: 0)
        _ = Timer(label: MetricNames.fetchDuration, factory: factory)
        Counter(label: MetricNames.itemsEnqueued, factory: factory).increment(by: 0)
        for label in MetricNames.classificationLabels {
            Counter(
                label: MetricNames.itemsClassified, dimensions: [(MetricNames.Label.label, label)], factory: factory
            ).increment(by: 0)
        }
        for result in MetricNames.digestResults {
            Counter(label: MetricNames.digestWrites, dimensions: [(MetricNames.Label.result, result)], factory: factory)
                .increment(by: 0)
        }
    }
}
