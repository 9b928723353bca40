import CoreMetrics
import Prometheus
import Telemetry
import TestSupport
import Testing

@Suite("Telemetry bootstrap and names")
struct TelemetryBootstrapTests {
    @Test("the process-wide registry is bootstrapped once and receives what code records")
    func oncePerProcess() {
        let registry = TelemetryBootstrap.registry()
        #expect(TelemetryBootstrap.registry() === registry)
        #expect(TelemetryBootstrap.isBootstrapped)
        Counter(label: "brinkwatch_test_bootstrap_total").increment(by: 2)
        #expect(PrometheusSamples(registry.emitToString())["brinkwatch_test_bootstrap_total"] == 2)
    }

    @Test("names carry the prefix, counters end in _total, and the fetch time is in seconds")
    func names() {
        let counters = [
            MetricNames.fetches, MetricNames.fetchBytes, MetricNames.itemsEnqueued, MetricNames.itemsClassified,
            MetricNames.digestWrites,
        ]
        let all = counters + [
            MetricNames.fetchDuration, MetricNames.feeds, MetricNames.inboxItems, MetricNames.buildInfo,
        ]
        #expect(all.allSatisfy { $0.hasPrefix(MetricNames.prefix) })
        #expect(counters.allSatisfy { $0.hasSuffix("_total") })
        #expect(MetricNames.fetchDuration.hasSuffix("_seconds"))
        #expect(Set(all).count == all.count)
    }

    @Test("request lines: method and path without the query; anything else is refused", arguments: [
        ("GET /metrics HTTP/1.1", MetricsHTTPRequest(method: "GET", path: "/metrics")),
        ("HEAD /metrics?x=1 HTTP/1.0", MetricsHTTPRequest(method: "HEAD", path: "/metrics")),
        ("GET /metrics HTTP/2", nil),
        ("GET  /metrics HTTP/1.1", nil),
        ("get /metrics HTTP/1.1", nil),
        ("GET metrics HTTP/1.1", nil),
        ("", nil),
    ])
    func requestLine(line: String, expected: MetricsHTTPRequest?) {
        let head = Array((line + "\r\nHost: x").utf8)
        #expect(MetricsHTTPRequest(head: head[...]) == expected)
    }
}
