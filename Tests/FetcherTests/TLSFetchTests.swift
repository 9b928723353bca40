import Config
import Curl
import Fetcher
import Foundation
import Inbox
import InMemoryLogging
import Logging
import TestSupport
import Testing

/// Feeds served over real TLS on 127.0.0.1 (`openssl s_server` with a certificate made for the test): a
/// certificate the client does not trust fails the fetch with one clear line and the usual error state, and the
/// same server is accepted once the configuration's `ca_file` names the certificate.
@Suite(
    "Fetching over TLS",
    .enabled(if: LoopbackTLSServer.isAvailable, "needs the openssl tool to make certificates and serve TLS"),
    .timeLimit(.minutes(1))
)
struct TLSFetchTests {
    let root = ScratchFolder.path("tls-fetch")
    /// State files keep whole seconds.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    static let feed = """
        <rss version="2.0"><channel><title>Secure wire</title>
        <item><guid>tls-1</guid><title>Talks resume</title><link>https://example.org/1</link></item>
        <item><guid>tls-2</guid><title>Missile test reported</title><link>https://example.org/2</link></item>
        </channel></rss>
        """

    /// A server presenting a fresh self-signed certificate for `names`, serving the feed at `/feed.xml`.
    func startServer(names: [String] = ["localhost", "127.0.0.1"]) async throws -> LoopbackTLSServer {
        let certificate = try await TestCertificate.selfSigned(names: names, in: root + "/certificates")
        return try await LoopbackTLSServer(certificate: certificate, files: ["feed.xml": Data(Self.feed.utf8)])
    }

    /// A round over this test's inbox and state folders; rounds made with other settings share them.
    func round(_ settings: Configuration.Fetch, logs: InMemoryLogHandler) throws -> FetchRound {
        var policy = SchedulePolicy(minimum: 600, maximum: 6 * 3600)
        policy.jitter = 0  // exact times in assertions
        return FetchRound(
            fetcher: FeedFetcher(client: try CurlClient(), settings: settings, userAgent: "brinkwatch-test"),
            inbox: try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"),
            states: FeedStateStore(directory: root + "/state"),
            policy: policy,
            logger: Logger(label: "test") { _ in logs }
        )
    }

    /// Timeouts long enough for a handshake on a loaded machine (`openssl s_server` serves one
    /// connection at a time); a certificate is refused at once whatever they are.
    static let untrusted = Configuration.Fetch(timeoutSeconds: 20, connectTimeoutSeconds: 15)

    @Test("an untrusted self-signed certificate fails the fetch with one clear line; the streak grows; none enqueued")
    func untrustedCertificate() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await startServer()
        defer { server.stop() }
        let logs = InMemoryLogHandler()
        let round = try round(Self.untrusted, logs: logs)
        let url = server.url("/feed.xml")
        let feed = FeedSource(name: "tls", url: url)

        let report = await round.fetchNow(feed, now: now)
        #expect(report.failed == 1 && report.fetched == 0 && report.enqueued == 0)
        var state = try #require(try round.states.load("tls"))
        #expect(state.errorStreak == 1)
        #expect(state.failingSince == now)
        #expect(state.lastStatus == nil, "no HTTP exchange took place")
        #expect(state.nextCheck == now.addingTimeInterval(600))
        #expect(state.seen.isEmpty)
        let error = try #require(state.lastError)
        #expect(error.contains("certificate"), "\(error)")
        #expect(error.contains("self-signed") || error.contains("self signed"), "\(error)")
        #expect(error.contains(url), "the error names the feed's URL: \(error)")
        #expect(!error.contains("\n"), "one line: \(error)")
        let condition = FeedCondition(state, now: now)
        #expect(condition.kind == .backingOff)
        #expect(condition.reason == error)
        #expect(try round.inbox.depths().ready == 0)

        let lines = logs.entries.filter { $0.level >= .error }
        #expect(lines.count == 1)
        #expect(lines.first?.metadata["feed"] == "tls")
        #expect(lines.first?.metadata["error"].map { "\($0)" } == error)

        // Failing again is another counted failure, not a network outage: the streak and the delay grow.
        #expect(await round.fetchNow(feed, now: now).failed == 1)
        state = try #require(try round.states.load("tls"))
        #expect(state.errorStreak == 2)
        #expect(state.nextCheck == now.addingTimeInterval(1200))
        #expect(try round.inbox.depths().ready == 0)
    }

    @Test("the transport calls it a TLS error, and the fetcher does not take it for an unreachable network")
    func classifiedAsTLS() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await startServer()
        defer { server.stop() }
        let client = try CurlClient()
        let url = server.url("/feed.xml")
        let error = await #expect(throws: CurlError.self) {
            _ = try await client.perform(CurlRequest(url: url, connectTimeout: .seconds(15), totalTimeout: .seconds(20)))
        }
        #expect(error?.code == .tls)
        #expect(error?.curlCode == 60, "CURLE_PEER_FAILED_VERIFICATION")

        let fetcher = FeedFetcher(client: client, settings: Self.untrusted, userAgent: "brinkwatch-test")
        let outcome = await fetcher.fetch(FeedSource(name: "tls", url: url), state: FeedState(url: url), now: now)
        guard case .failed(let message, let status, let network) = outcome else {
            Issue.record("expected a failed fetch, got \(outcome)")
            return
        }
        #expect(!network, "a bad certificate must not count towards a network outage")
        #expect(status == nil)
        #expect(message.contains("certificate"), "\(message)")
    }

    @Test("naming the certificate as ca_file in the configuration makes the same server trusted; items are enqueued")
    func trustedThroughConfiguration() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await startServer()
        defer { server.stop() }
        let url = server.url("/feed.xml")
        try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
        let file = root + "/config/brinkwatch.toml"
        // A relative ca_file is resolved against the configuration's folder.
        try """
            [fetch]
            timeout_seconds = 20
            connect_timeout_seconds = 15
            ca_file = "../certificates/\((server.certificate.certificatePath as NSString).lastPathComponent)"

            [[feed]]
            name = "tls"
            url = "\(url)"
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try Configuration.load(path: file)
        let caFile = try #require(configuration.fetch.caFile)
        #expect(URL(fileURLWithPath: caFile).standardizedFileURL
            == URL(fileURLWithPath: server.certificate.certificatePath).standardizedFileURL)
        let feed = try #require(configuration.feeds.first)

        // The same server without the CA file: refused, one failure recorded.
        let refused = InMemoryLogHandler()
        #expect(try await round(Self.untrusted, logs: refused).fetchNow(feed, now: now).failed == 1)
        #expect(try #require(try FeedStateStore(directory: root + "/state").load("tls")).errorStreak == 1)

        let logs = InMemoryLogHandler()
        let round = try round(configuration.fetch, logs: logs)
        let report = await round.fetchNow(feed, now: now)
        #expect(report.fetched == 1 && report.enqueued == 2 && report.failed == 0)
        let state = try #require(try round.states.load("tls"))
        #expect(state.errorStreak == 0 && state.lastError == nil && state.failingSince == nil)
        #expect(state.lastStatus == 200)
        #expect(state.lastSuccess == now)
        #expect(state.seen.count == 2)
        #expect(FeedCondition(state, now: now).kind == .healthy)
        #expect(try round.inbox.depths().ready == 2)
        #expect(logs.entries.filter { $0.level >= .error }.isEmpty, "\(logs.entries)")
        #expect(logs.entries.contains { $0.message == "feed fetched" && $0.metadata["feed.new_items"] == "2" })
    }

    @Test("a trusted certificate made out to another host name fails with a clear line naming the host")
    func hostNameMismatch() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await startServer(names: ["elsewhere.invalid"])
        defer { server.stop() }
        let settings = Configuration.Fetch(
            timeoutSeconds: 20, connectTimeoutSeconds: 15, caFile: server.certificate.certificatePath)
        let logs = InMemoryLogHandler()
        let round = try round(settings, logs: logs)
        let url = server.url("/feed.xml")

        #expect(await round.fetchNow(FeedSource(name: "other", url: url), now: now).failed == 1)
        let state = try #require(try round.states.load("other"))
        #expect(state.errorStreak == 1)
        let error = try #require(state.lastError)
        #expect(error.contains("certificate"), "\(error)")
        #expect(error.contains("'127.0.0.1'"), "the error names the host that did not match: \(error)")
        #expect(error.contains(url), "\(error)")
        #expect(!error.contains("\n"), "one line: \(error)")
        #expect(try round.inbox.depths().ready == 0)
        #expect(logs.entries.filter { $0.level >= .error }.count == 1)
    }
}
