import CoreMetrics
import Prometheus

/// What the exporters publish: one registry's text exposition, taken after the gauges that are
/// read from files (feeds by state, inbox depth) were sampled.
///
/// Sampling at export time, rather than on a timer of its own, keeps those gauges exactly as
/// fresh as the scrape or the textfile that shows them, and costs nothing when nobody looks.
public struct MetricsSource: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Records into ``registry``; handed to the sampler, which must record through it.
    public let factory: PrometheusMetricsFactory
    let sample: @Sendable (any MetricsFactory) -> Void

    /// - Parameters:
    ///   - registry: The registry to export; its known series are declared at zero here.
    ///   - sample: Sets the sampled gauges, through the factory it is given (which writes to
    ///     `registry` whatever the task or thread it runs on).
    public init(
        registry: PrometheusCollectorRegistry, sample: @escaping @Sendable (any MetricsFactory) -> Void = { _ in }
    ) {
        self.registry = registry
        self.factory = TelemetryBootstrap.factory(for: registry)
        self.sample = sample
        TelemetryBootstrap.declare(in: factory)
    }

    /// The Prometheus text exposition (format 0.0.4) of every metric, sampled gauges included.
    public func exposition() -> [UInt8] {
        sample(factory)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// The media type of ``exposition()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
