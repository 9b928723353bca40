import Durable
import Foundation
import TestSupport
import Testing

/// Stopping the daemon: SIGTERM drains with items in flight, a second SIGTERM ends it at once,
/// and in both cases every item still reaches the classified records exactly once.
@Suite("Stop signals", .offPool)
struct StopSignalTests {
    typealias B = BrinkwatchProcess
    let scratch: String
    static let itemCount = 2000

    init() throws {
        scratch = ScratchFolder.path("stop")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// A feed of `itemCount` items, fetched once into the inbox; returns the configuration.
    private func filledInbox(extra: [(name: String, url: String)] = []) async throws -> String {
        var items = ""
        for n in 0..<Self.itemCount {
            items += "<item><guid>stop-\(n)</guid><title>Envoys hold talks on item \(n)</title></item>\n"
        }
        try "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>\n\(items)</channel></rss>\n"
            .write(toFile: scratch + "/many.xml", atomically: true, encoding: .utf8)
        let fill = try B.writeDemoConfiguration(in: scratch, extraFeeds: [("many", "file://\(scratch)/many.xml")])
        let fetched = try await B.run(["fetch", "--once", "--all", "--config", fill, "--log-level", "error"])
        #expect(fetched.status == 0, "\(fetched.output)")
        return try B.writeDemoConfiguration(
            in: scratch, extraFeeds: [("many", "file://\(scratch)/many.xml")] + extra, workers: 2)
    }

    /// After the run, `run --once` finishes what is left; then every item is classified once.
    private func expectEveryItemOnce(_ config: String) async throws {
        let rest = try await B.run(["run", "--once", "--config", config, "--log-level", "error"])
        #expect(rest.status == 0, "\(rest.output)")
        let counts = B.classified(in: scratch)
        #expect(counts.count == Self.itemCount + 10, "the big feed and the 10 demo items")
        #expect(counts.values.allSatisfy { $0 == 1 })
        let depths = try await B.run(["inbox", "--config", config])
        #expect(depths.stdout.contains("ready 0  claimed 0  dead 0"), "\(depths.stdout)")
    }

    @Test("SIGTERM while workers hold items: claims are finished or returned, exit 0, nothing lost or doubled")
    func drainWithItemsInFlight() async throws {
        let config = try await filledInbox()
        let scratch = scratch
        let socket = try NotifySocket()
        let process = try B.startDaemon(config, socket: socket)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(socket.waitFor("READY=1", timeout: 60) != nil)
        #expect(await OffPool.waitUntil(timeout: 60) { !B.classified(in: scratch).isEmpty }, "workers are busy")
        // The daemon is frozen while it works and the SIGTERM lands as it wakes: a test process
        // slowed by a busy machine cannot send the signal only after the workers ran out of items.
        kill(process.processIdentifier, SIGSTOP)
        let frozenAt = B.classified(in: scratch).count
        #expect(frozenAt < Self.itemCount, "frozen partway (\(frozenAt) classified), so the drain has items in flight")
        kill(process.processIdentifier, SIGTERM)
        kill(process.processIdentifier, SIGCONT)
        #expect(await OffPool.waitUntil(timeout: 60) { !process.isRunning })
        #expect(process.terminationStatus == 0)
        let done = B.classified(in: scratch).count
        #expect(done < Self.itemCount + 10, "stopped partway (\(done) classified), so the drain left items ready")
        let depths = try await B.run(["inbox", "--config", config])
        #expect(depths.stdout.contains("claimed 0"), "a drained daemon leaves no claim behind: \(depths.stdout)")
        try await expectEveryItemOnce(config)
    }

    @Test("a second SIGTERM during a slow drain ends the process at once with status 143; a restart finishes the work")
    func secondSignalExitsAtOnce() async throws {
        // The first request stalls for 30 s: the drain waits for that fetch in flight.
        let server = try LoopbackHTTPServer.stallingFirstRequest(
            for: 30, feed: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow</title></channel></rss>")
        defer { server.stop() }
        let config = try await filledInbox(extra: [("slow", server.url("/slow.xml"))])
        let socket = try NotifySocket()
        let process = try B.startDaemon(config, socket: socket)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(socket.waitFor("READY=1", timeout: 60) != nil)
        #expect(await server.waitForRequests(1, timeout: .seconds(30)))
        kill(process.processIdentifier, SIGTERM)
        #expect(socket.waitFor("STOPPING=1", timeout: 30) != nil, "systemd hears the stop begin")
        // The workers finish the items in hand (under a loaded machine that can take more than a
        // second); then only the stalled fetch holds the drain, and the second signal cuts it short.
        let claimed = scratch + "/inbox/cur"
        #expect(await OffPool.waitUntil(timeout: 20) {
            ((try? FileManager.default.contentsOfDirectory(atPath: claimed)) ?? []).isEmpty
        }, "the workers finish or return what they hold")
        #expect(process.isRunning, "the drain is waiting for the stalled fetch")
        let second = Date()
        kill(process.processIdentifier, SIGTERM)
        #expect(await OffPool.waitUntil(timeout: 10) { !process.isRunning },
                "gone within seconds, not after the 30 s stall")
        #expect(Date().timeIntervalSince(second) < 10)
        #expect(process.terminationReason == .exit && process.terminationStatus == 143)
        try await expectEveryItemOnce(config)
    }
}
