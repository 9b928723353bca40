import Config
import Curl
import Fetcher
import Foundation
import Inbox
import InMemoryLogging
import Logging
import TestSupport
import Testing

/// Servers that misbehave: each ends in a failed fetch with the right state and exactly one
/// clear error line naming the feed, and the next fetch still works.
@Suite("Hostile servers")
struct HostileServerTests {
    enum Case: String, CaseIterable, Sendable {
        case slowDrip, neverAnswers, overTheCap, gzipBomb, refused
    }

    func response(_ kind: Case) -> HTTPTestResponse {
        switch kind {
        case .slowDrip:
            var r = HTTPTestResponse.ok(body: Data(repeating: 0x20, count: 10_000))
            r.dripBytesPerSecond = 50
            return r
        case .neverAnswers:
            return .neverAnswering
        case .overTheCap:
            var r = HTTPTestResponse.ok(body: Data(repeating: 0x20, count: 3 * 1024 * 1024))
            r.chunked = true
            return r
        case .gzipBomb:
            return HTTPTestResponse.ok(body: GzipSamples.bomb).adding(header: "Content-Encoding", "gzip")
        case .refused:
            return .ok(body: "<rss/>")
        }
    }

    /// What the one log line's error must mention.
    func expected(_ kind: Case) -> String {
        switch kind {
        case .slowDrip, .neverAnswers: return "timed out"
        case .overTheCap, .gzipBomb: return "exceeds the limit"
        case .refused: return "onnect"
        }
    }

    @Test("each misbehaviour fails one fetch with a clear line and the right state", arguments: Case.allCases)
    func misbehaviour(kind: Case) async throws {
        let server = try LoopbackHTTPServer { _ in self.response(kind) }
        defer { server.stop() }
        let url = kind == .refused ? "http://127.0.0.1:1/feed" : server.url("/feed")
        try await expectOneFailure(url: url, mentioning: expected(kind))
    }

    func expectOneFailure(url: String, mentioning expected: String) async throws {
        let root = ScratchFolder.path("hostile")
        let logs = InMemoryLogHandler()
        let settings = Configuration.Fetch(timeoutSeconds: 2, connectTimeoutSeconds: 2, maxBytes: 100_000)
        let round = FetchRound(
            fetcher: FeedFetcher(client: try CurlClient(), settings: settings, userAgent: "brinkwatch-test"),
            inbox: try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"),
            states: FeedStateStore(directory: root + "/state"),
            policy: SchedulePolicy(minimum: 600, maximum: 3600),
            logger: Logger(label: "test") { _ in logs }
        )
        let report = await round.fetchNow(FeedSource(name: "bad", url: url), now: Date())
        #expect(report.failed == 1)
        let state = try #require(try round.states.load("bad"))
        #expect(state.errorStreak == 1)
        let error = try #require(state.lastError)
        #expect(error.contains(expected), "\(error)")
        let lines = logs.entries.filter { $0.level >= .error }
        #expect(lines.count == 1)
        #expect(lines.first?.metadata["feed"] == "bad")
    }
}
