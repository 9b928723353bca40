import CoreMetrics
import Foundation
import InMemoryLogging
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization
import Telemetry
import TestSupport
import Testing

/// The endpoint on a real socket on 127.0.0.1, spoken to byte for byte.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    /// Runs an endpoint on a free port for the length of `body`, then stops it as a service stops.
    static func withEndpoint<T>(
        _ source: MetricsSource, limits: MetricsHTTPServer.Limits = MetricsHTTPServer.Limits(),
        _ body: (Int) async throws -> T
    ) async throws -> T {
        let endpoint = try MetricsEndpoint(
            host: "127.0.0.1", port: 0, source: source, logger: Logger(label: "test") { _ in InMemoryLogHandler() },
            limits: limits)
        let task = Task { await endpoint.run() }
        // The service starts its thread when the pool runs it, which other tests may delay: wait
        // for that off the pool, so that the timeouts below measure the server alone.
        let server = endpoint.server
        #expect(await OffPool.waitUntil(timeout: 120) { server.isServing }, "the endpoint starts serving")
        let result: T
        do {
            result = try await body(endpoint.server.port)
        } catch {
            task.cancel()
            await task.value
            throw error
        }
        task.cancel()
        await task.value
        return result
    }

    @Test("GET /metrics answers the exposition with the recorded values and every declared series")
    func scrape() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        Counter(label: MetricNames.fetches, dimensions: [("outcome", "fresh")], factory: source.factory)
            .increment(by: 3)
        CoreMetrics.Timer(label: MetricNames.fetchDuration, factory: source.factory).recordNanoseconds(200_000_000)
        // Code that records without naming a factory reaches the same registry through the task-local one.
        withMetricsFactory(source.factory) { Counter(label: MetricNames.itemsEnqueued).increment(by: 7) }

        let response = try await Self.withEndpoint(source) { port in
            try await LoopbackClient.request(port: port, path: "/metrics")
        }
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.header("Content-Length") == "\(response.body.count)")
        let samples = PrometheusSamples(response.text)
        #expect(samples[#"brinkwatch_fetches_total{outcome="fresh"}"#] == 3)
        #expect(samples[#"brinkwatch_fetches_total{outcome="gone"}"#] == 0, "declared before any event")
        #expect(samples["brinkwatch_items_enqueued_total"] == 7)
        #expect(samples[#"brinkwatch_fetch_duration_seconds_bucket{le="0.25"}"#] == 1)
        #expect(samples[#"brinkwatch_fetch_duration_seconds_bucket{le="0.1"}"#] == 0)
        #expect(samples["brinkwatch_fetch_duration_seconds_count"] == 1)
        #expect(samples[#"brinkwatch_items_classified_total{label="none"}"#] == 0)
        #expect(samples[#"brinkwatch_digest_writes_total{result="failed"}"#] == 0)
        #expect(samples.types["brinkwatch_fetch_duration_seconds"] == "histogram")
        #expect(samples.types["brinkwatch_fetches_total"] == "counter")
    }

    @Test("the sampled gauges are read again before every scrape")
    func sampledPerScrape() async throws {
        let depth = Atomic<Int>(0)
        let source = MetricsSource(registry: PrometheusCollectorRegistry()) { factory in
            let value = depth.add(5, ordering: .relaxed).newValue
            Gauge(label: MetricNames.inboxItems, dimensions: [("folder", "new")], factory: factory).record(value)
        }
        let (first, second) = try await Self.withEndpoint(source) { port in
            (
                try await LoopbackClient.request(port: port, path: "/metrics"),
                try await LoopbackClient.request(port: port, path: "/metrics")
            )
        }
        #expect(PrometheusSamples(first.text)[#"brinkwatch_inbox_items{folder="new"}"#] == 5)
        #expect(PrometheusSamples(second.text)[#"brinkwatch_inbox_items{folder="new"}"#] == 10)
    }

    @Test("HEAD has the headers of GET and no body; other paths are 404, other methods 405")
    func routes() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let (get, head, missing, post, query) = try await Self.withEndpoint(source) { port in
            (
                try await LoopbackClient.request(port: port, path: "/metrics"),
                try await LoopbackClient.request(port: port, method: "HEAD", path: "/metrics"),
                try await LoopbackClient.request(port: port, path: "/"),
                try await LoopbackClient.request(port: port, method: "POST", path: "/metrics"),
                try await LoopbackClient.request(port: port, path: "/metrics?name[]=brinkwatch_feeds")
            )
        }
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == get.header("Content-Length"))
        #expect(head.header("Content-Type") == get.header("Content-Type"))
        #expect(missing.status == 404)
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        #expect(query.status == 200, "a query string does not change the path")
    }

    @Test("a malformed request line is 400")
    func malformed() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let response = try await Self.withEndpoint(source) { port in
            try await LoopbackClient.exchange(port: port, sending: Array("HELLO\r\n\r\n".utf8))
        }
        #expect(response.status == 400)
    }

    @Test("an oversized request head is cut off with 431, and the next client is served")
    func oversized() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let (cut, next) = try await Self.withEndpoint(source) { port in
            let huge = "GET /metrics HTTP/1.1\r\nX-Padding: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
            return (
                try await LoopbackClient.exchange(port: port, sending: Array(huge.utf8)),
                try await LoopbackClient.request(port: port, path: "/metrics")
            )
        }
        #expect(cut.status == 431)
        #expect(next.status == 200)
    }

    @Test("a client that never finishes its request is cut off at the read timeout, and the next is served")
    func slowClient() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let limits = MetricsHTTPServer.Limits(readTimeout: .milliseconds(300))
        let partial = Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)
        let (slow, next) = try await Self.withEndpoint(source, limits: limits) { port in
            (
                try await LoopbackClient.exchange(port: port, sending: partial),
                try await LoopbackClient.request(port: port, path: "/metrics")
            )
        }
        #expect(slow.status == 408)
        #expect(slow.elapsed >= .milliseconds(250) && slow.elapsed < .seconds(5), "cut off after \(slow.elapsed)")
        #expect(next.status == 200)
    }

    @Test("cancelling the service stops the server thread and closes the port")
    func stops() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let port = try await Self.withEndpoint(source) { port in port }
        await #expect(throws: LoopbackServerError.self) {
            try await LoopbackClient.request(port: port, path: "/metrics")
        }
    }

    @Test("graceful shutdown of its service group stops the endpoint while it waits for scrapes")
    func gracefulShutdown() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let logger = Logger(label: "test") { _ in InMemoryLogHandler() }
        let endpoint = try MetricsEndpoint(host: "127.0.0.1", port: 0, source: source, logger: logger)
        let group = ServiceGroup(services: [endpoint], logger: logger)
        let running = Task { try await group.run() }
        let server = endpoint.server
        #expect(await OffPool.waitUntil(timeout: 120) { server.isServing }, "the endpoint starts serving")
        #expect(try await LoopbackClient.request(port: endpoint.server.port, path: "/metrics").status == 200)
        await group.triggerGracefulShutdown()
        try await running.value
        await #expect(throws: LoopbackServerError.self) {
            try await LoopbackClient.request(port: endpoint.server.port, path: "/metrics")
        }
    }

    @Test("a port already taken is refused with the address in the message")
    func portTaken() throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let first = try MetricsHTTPServer(host: "127.0.0.1", port: 0) { _ in MetricsHTTPResponse(status: 200) }
        let error = #expect(throws: TelemetryError.self) {
            try MetricsEndpoint(host: "127.0.0.1", port: first.port, source: source, logger: Logger(label: "test"))
        }
        #expect(error?.code == .listen)
        #expect(error?.message.contains("127.0.0.1:\(first.port)") == true, "\(String(describing: error))")
    }
}
