import Foundation
import TestSupport
import Testing

/// Two processes on one state folder (the daemon and a `fetch --once` beside it, say) never
/// fetch the same feed at once: the last to save its state would forget the ids the other had
/// just delivered.
@Suite("Feed locks between processes", .offPool)
struct FeedLockTests {
    typealias B = BrinkwatchProcess
    let scratch = ScratchFolder.path("feed-locks")

    @Test("a feed another process is fetching is left for later with a line saying so; a killed holder keeps nothing")
    func secondProcessLeavesTheFeed() async throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // The first request stalls: its process holds the feed while the second runs.
        let server = try LoopbackHTTPServer.stallingFirstRequest(
            for: 60,
            feed: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow</title>"
                + "<item><guid>s-1</guid><title>Envoys meet</title></item></channel></rss>")
        defer { server.stop() }
        let config = try B.writeDemoConfiguration(in: scratch, extraFeeds: [("slow", server.url("/slow.xml"))])

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: B.executable)
        holder.arguments = ["fetch", "--once", "--all", "--config", config, "--log-level", "error"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        #expect(await server.waitForRequests(1, timeout: .seconds(30)), "the first process is fetching the feed")
        // And it is done with the demo feed (read from a file), so that only the stalled feed is held.
        let demoState = scratch + "/state/feeds/demo.json"
        #expect(await OffPool.waitUntil(timeout: 30) { FileManager.default.fileExists(atPath: demoState) })

        let second = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "info"])
        #expect(second.status == 0, "\(second.output)")
        #expect(second.stdout.contains("not fetched this time: slow"), "\(second.stdout)")
        #expect(second.stderr.contains("another process is fetching this feed"), "\(second.stderr)")
        #expect(server.requests.count == 1, "the second process sent no request for the feed")

        // The kernel lets go of a lock with its holder: a kill leaves the feed to the next fetch.
        kill(holder.processIdentifier, SIGKILL)
        #expect(await OffPool.waitUntil(timeout: 10) { !holder.isRunning })
        let third = try await B.run(["fetch", "--once", "--all", "--config", config, "--log-level", "error"])
        #expect(third.status == 0, "\(third.output)")
        #expect(!third.stdout.contains("not fetched"), "\(third.stdout)")
        #expect(third.stdout.contains("items: 1 enqueued"), "the feed's one item: \(third.stdout)")
        #expect(server.requests.count == 2)
    }
}
