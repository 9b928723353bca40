import Config
import Curl
@testable import Daemon
import Foundation
import Inbox
import Logging
import TestSupport
import Testing

/// The fetch cycle against real servers on 127.0.0.1: what it enqueues, what it records, and
/// when a feed is due again.
@Suite("Fetch cycle")
struct FetchCycleTests {
    let root = NSTemporaryDirectory() + "fetch-\(UUID().uuidString)"

    func cycle(intervalMinutes: Int = 30) throws -> FetchCycle {
        let settings = Configuration.Fetch(
            contact: "mailto:ops@example.org", timeoutSeconds: 5, connectTimeoutSeconds: 2, maxBytes: 1 << 20,
            maxConnections: 4, maxConnectionsPerHost: 2, intervalMinutes: intervalMinutes, proxy: nil, caFile: nil
        )
        return FetchCycle(
            fetcher: FeedFetcher(client: try CurlClient(), settings: settings),
            inbox: try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"),
            states: FeedStateStore(directory: root + "/state"),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            doorbell: Doorbell()
        )
    }

    static let feed = """
        <rss version="2.0"><channel><title>t</title>
        <item><guid>one</guid><title>First</title><link>https://example.org/1</link></item>
        <item><guid>two</guid><title>Second</title><link>https://example.org/2</link></item>
        </channel></rss>
        """

    @Test("failures back off exponentially, the feed is not due meanwhile, and a success resets the streak")
    func backoff() async throws {
        let failing = LockedFlag(true)
        let server = try LoopbackHTTPServer { _ in
            failing.value ? .status(500) : .ok(body: Self.feed, contentType: "application/rss+xml")
        }
        defer { server.stop() }
        let cycle = try cycle(intervalMinutes: 10)
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // state keeps whole seconds

        #expect(await cycle.fetch(feed, now: start).failed == 1)
        var state = try #require(try cycle.states.load("f"))
        #expect(state.errorStreak == 1)
        #expect(state.lastError == "HTTP 500 from \(server.url("/feed.xml"))")
        #expect(state.nextCheck == start.addingTimeInterval(600))
        #expect(cycle.due([feed], at: start.addingTimeInterval(599)).isEmpty)
        #expect(cycle.due([feed], at: start.addingTimeInterval(600)).count == 1)

        _ = await cycle.fetch(feed, now: start)
        state = try #require(try cycle.states.load("f"))
        #expect(state.errorStreak == 2)
        #expect(state.nextCheck == start.addingTimeInterval(1200))
        #expect(cycle.retryDelay(streak: 20) == 86_400, "capped at a day")

        failing.value = false
        let report = await cycle.fetch(feed, now: start)
        #expect(report.enqueued == 2)
        state = try #require(try cycle.states.load("f"))
        #expect(state.errorStreak == 0)
        #expect(state.lastError == nil)
        #expect(state.seen.count == 2)
    }

    @Test("items already delivered are not enqueued again, even when the body changes")
    func deduplication() async throws {
        let body = LockedFlag(false)
        let server = try LoopbackHTTPServer { _ in
            let extra = body.value ? "<item><guid>three</guid><title>Third</title></item>" : ""
            return .ok(body: Self.feed.replacingOccurrences(of: "</channel>", with: extra + "</channel>"))
        }
        defer { server.stop() }
        let cycle = try cycle()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await cycle.fetch(feed, now: Date()).enqueued == 2)
        #expect(await cycle.fetch(feed, now: Date()).unchanged == 1, "the same body is unchanged")
        body.value = true
        #expect(await cycle.fetch(feed, now: Date()).enqueued == 1, "only the new item")
        #expect(try cycle.inbox.depths().ready == 3)
    }

    @Test("a feed that is not a feed fails with a clear message and enqueues nothing")
    func notAFeed() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: "<html><body>Hello</body></html>", contentType: "text/html") }
        defer { server.stop() }
        let cycle = try cycle()
        let report = await cycle.fetch(FeedSource(name: "h", url: server.url("/")), now: Date())
        #expect(report.failed == 1)
        let state = try #require(try cycle.states.load("h"))
        #expect(state.lastError?.hasPrefix("not a usable feed") == true)
        #expect(try cycle.inbox.depths().ready == 0)
    }
}

/// A Bool shared between a test and its server's handler thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
