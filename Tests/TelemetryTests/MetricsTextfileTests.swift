import CoreMetrics
import Foundation
import InMemoryLogging
import Logging
import Prometheus
import Telemetry
import TestSupport
import Testing

@Suite("Metrics textfile")
struct MetricsTextfileTests {
    let folder: String

    init() throws {
        folder = ScratchFolder.path("textfile")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test("each write replaces the file whole and leaves no temporary file behind")
    func replaces() throws {
        let file = MetricsTextfile(path: folder + "/brinkwatch.prom")
        try file.write(Array("first\n".utf8))
        try file.write(Array("second\n".utf8))
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["brinkwatch.prom"])
    }

    @Test("a missing folder is an error naming the path")
    func missingFolder() {
        let file = MetricsTextfile(path: folder + "/absent/brinkwatch.prom")
        let error = #expect(throws: TelemetryError.self) { try file.write([]) }
        #expect(error?.code == .textfile)
        #expect(error?.message.contains(folder + "/absent") == true, "\(String(describing: error))")
    }

    @Test("the service writes the exposition at once and again with the final counts when it stops")
    func service() async throws {
        let source = MetricsSource(registry: PrometheusCollectorRegistry())
        let textfile = MetricsTextfile(path: folder + "/brinkwatch.prom")
        let logs = InMemoryLogHandler()
        let service = MetricsTextfileService(
            textfile: textfile, source: source, interval: .seconds(3600), logger: Logger(label: "test") { _ in logs })
        let task = Task { await service.run() }
        // Generous: the service runs when the cooperative pool gets to it, and other tests share it.
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: textfile.path), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let first = PrometheusSamples(try String(contentsOfFile: textfile.path, encoding: .utf8))
        #expect(first["brinkwatch_items_enqueued_total"] == 0)

        Counter(label: MetricNames.itemsEnqueued, factory: source.factory).increment(by: 4)
        task.cancel()
        await task.value
        let last = PrometheusSamples(try String(contentsOfFile: textfile.path, encoding: .utf8))
        #expect(last["brinkwatch_items_enqueued_total"] == 4)
        #expect(logs.entries.allSatisfy { $0.level < .error })
    }
}
