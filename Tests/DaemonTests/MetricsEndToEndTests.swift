import Config
import CoreMetrics
import Daemon
import Foundation
import InMemoryLogging
import Logging
import Prometheus
import Telemetry
import TestSupport
import Testing

/// The running daemon, scraped: the demo feed served on 127.0.0.1, the metrics endpoint on a
/// free port, and the counters read back from the exposition while the services run.
@Suite("Metrics end to end")
struct MetricsEndToEndTests {
    @Test("a running daemon serves its fetch, item, digest and state metrics on the configured port")
    func scrapeRunningDaemon() async throws {
        let root = ScratchFolder.path("metrics-e2e")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let feed = try Data(contentsOf: URL(fileURLWithPath: EndToEndTests.repository + "/config/demo/demo-feed.xml"))
        let server = try LoopbackHTTPServer(routes: ["/demo.xml": .ok(body: feed, contentType: "application/rss+xml")])
        defer { server.stop() }
        // A port that was free a moment ago: bound by the kernel's choice, then released.
        let port = try MetricsHTTPServer(host: "127.0.0.1", port: 0) { _ in MetricsHTTPResponse(status: 200) }.port
        try """
            workers = 1
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            classifier = "\(EndToEndTests.repository)/config/classifier"
            [fetch]
            timeout_seconds = 5
            connect_timeout_seconds = 2
            [metrics]
            listen = "127.0.0.1:\(port)"
            [[feed]]
            name = "demo"
            url = "\(server.url("/demo.xml"))"
            [[feed]]
            name = "unreachable"
            url = "http://127.0.0.1:1/feed.xml"
            """.write(toFile: root + "/brinkwatch.toml", atomically: true, encoding: .utf8)
        let configuration = try Configuration.load(path: root + "/brinkwatch.toml")
        let logger = Logger(label: "test") { _ in InMemoryLogHandler() }
        let daemon = try Daemon(configuration: configuration, logger: logger)

        // The daemon records through swift-metrics without naming a factory; binding one to the
        // task keeps this test's counts apart from any other test in the process.
        let registry = PrometheusCollectorRegistry()
        let factory = TelemetryBootstrap.factory(for: registry)
        let running = Task {
            try await withMetricsFactory(factory) {
                try await daemon.run(notifier: SystemdNotifier(environment: [:]), metrics: registry)
            }
        }
        defer { running.cancel() }

        var samples = PrometheusSamples("")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let response = try? await LoopbackClient.request(port: port, path: "/metrics"), response.status == 200 {
                samples = PrometheusSamples(response.text)
                let classified = ["provocation", "diplomatic", "none"]
                    .compactMap { samples["brinkwatch_items_classified_total{label=\"\($0)\"}"] }.reduce(0, +)
                if classified >= 10, (samples[#"brinkwatch_digest_writes_total{result="written"}"#] ?? 0) >= 1,
                    samples[#"brinkwatch_inbox_items{folder="new"}"#] == 0
                {
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        running.cancel()
        _ = await running.result

        #expect(samples[#"brinkwatch_fetches_total{outcome="fresh"}"#] == 1)
        #expect(samples[#"brinkwatch_fetches_total{outcome="failed"}"#] == 1)
        #expect((samples["brinkwatch_fetch_bytes_total"] ?? 0) >= Double(feed.count))
        #expect(samples["brinkwatch_fetch_duration_seconds_count"] == 2)
        #expect(samples["brinkwatch_items_enqueued_total"] == 10)
        #expect(samples[#"brinkwatch_items_classified_total{label="provocation"}"#] == 3)
        #expect(samples[#"brinkwatch_items_classified_total{label="diplomatic"}"#] == 4)
        #expect(samples[#"brinkwatch_items_classified_total{label="none"}"#] == 3)
        #expect((samples[#"brinkwatch_digest_writes_total{result="written"}"#] ?? 0) >= 1)
        #expect(samples[#"brinkwatch_feeds{state="healthy"}"#] == 1)
        #expect(samples[#"brinkwatch_feeds{state="backing_off"}"#] == 1)
        #expect(samples[#"brinkwatch_feeds{state="dormant"}"#] == 0)
        #expect(samples[#"brinkwatch_inbox_items{folder="new"}"#] == 0)
        #expect(samples[#"brinkwatch_inbox_items{folder="dead"}"#] == 0)
        #expect(samples["brinkwatch_build_info{version=\"\(BrinkwatchVersion.string)\"}"] == 1)
        await #expect(throws: LoopbackServerError.self, "the endpoint closes with the daemon") {
            try await LoopbackClient.request(port: port, path: "/metrics")
        }
    }
}
