import Config
import Curl
@testable import Fetcher
import Foundation
import Inbox
import Logging
import Synchronization
import TestSupport
import Testing

/// A host's connections go on fetching while the feeds fetched before are being stored: a slow
/// disk must not keep them idle, nor the round take the network's time plus the disk's.
@Suite("Transfers beside storing")
struct TransferOverlapTests {
    let root = ScratchFolder.path("overlap")

    /// A real inbox whose deliveries wait until the test opens the gate, as on a disk whose
    /// syncs take long (which cannot be made to happen here at will).
    final class GatedInbox: ForwardingInbox {
        let real: any Inbox
        let gate = DispatchSemaphore(value: 0)
        let open = Mutex(false)

        init(_ real: FileInbox) { self.real = real }

        func openGate() {
            open.withLock { $0 = true }
            gate.signal()
        }

        func enqueue(_ items: [InboxItem]) throws(InboxError) -> [String] {
            if !open.withLock({ $0 }) {
                gate.wait()
                gate.signal()  // lets the next waiter through, and every later delivery
            }
            return try real.enqueue(items)
        }
    }

    func round(_ inbox: any Inbox, spacing: Duration, hostConnections: Int) throws -> FetchRound {
        let settings = Configuration.Fetch(contact: "mailto:ops@example.org", timeoutSeconds: 10, connectTimeoutSeconds: 2)
        var round = FetchRound(
            fetcher: FeedFetcher(
                client: try CurlClient(configuration: .init(maxTotalConnections: 16, maxHostConnections: 8)),
                settings: settings, userAgent: "brinkwatch-test"),
            inbox: inbox,
            states: FeedStateStore(directory: root + "/state"),
            policy: SchedulePolicy(minimum: 600, maximum: 6 * 3600),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        round.hostSpacing = spacing
        round.hostConnections = hostConnections
        return round
    }

    static func feed(_ name: String) -> String {
        """
        <rss version="2.0"><channel><title>\(name)</title>
        <item><guid>\(name)-1</guid><title>First of \(name)</title></item>
        <item><guid>\(name)-2</guid><title>Second of \(name)</title></item>
        </channel></rss>
        """
    }

    /// Waits up to `seconds` for `condition`; answers whether it came true.
    func eventually(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    /// Requests the server has answered so far, and the most it ever had in hand at once.
    final class Counts: Sendable {
        let state = Mutex((answered: 0, inHand: 0, most: 0))
        func begin() { state.withLock { $0.inHand += 1; $0.most = max($0.most, $0.inHand) } }
        func end() { state.withLock { $0.inHand -= 1; $0.answered += 1 } }
        var answered: Int { state.withLock { $0.answered } }
        var most: Int { state.withLock { $0.most } }
    }

    func server(_ counts: Counts) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            counts.begin()
            defer { counts.end() }
            usleep(20_000)
            return .ok(body: Self.feed(String(request.path.dropFirst())))
        }
    }

    @Test("while the first feeds wait for the disk, the next ones are fetched; never more than the limit at once",
          .timeLimit(.minutes(1)))
    func transfersGoOnWhileStoring() async throws {
        let counts = Counts()
        let server = try server(counts)
        defer { server.stop() }
        let inbox = GatedInbox(try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"))
        defer { inbox.openGate() }  // a failed expectation that throws must not leave the round blocked
        let round = try round(inbox, spacing: .zero, hostConnections: 2)
        let feeds = (0..<8).map { FeedSource(name: "g\($0)", url: server.url("/g\($0)")) }
        let running = Task { await round.run(feeds, now: Date.init) }

        // Two transfers at a time; the first two feeds then wait for the disk, and two more
        // transfers run meanwhile: twice the limit in progress, and no more.
        #expect(await eventually(10) { counts.answered >= 4 }, "only \(counts.answered) fetched while storing waits")
        try await Task.sleep(for: .milliseconds(400))
        #expect(counts.answered == 4, "feeds in progress are bounded: \(counts.answered) fetched")
        #expect(try inbox.depths().ready == 0, "nothing stored before the gate opens")

        inbox.openGate()
        let report = await running.value
        #expect(report.fetched == 8)
        #expect(report.enqueued == 16)
        #expect(try inbox.depths().ready == 16)
        #expect(counts.most <= 2, "the host never had more than two requests at once: \(counts.most)")
    }

    @Test("with spacing between requests, one feed in progress per transfer: feeds waiting for the disk hold the next back",
          .timeLimit(.minutes(1)))
    func spacingKeepsOneFeedPerTransfer() async throws {
        let counts = Counts()
        let server = try server(counts)
        defer { server.stop() }
        let inbox = GatedInbox(try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"))
        defer { inbox.openGate() }  // a failed expectation that throws must not leave the round blocked
        let round = try round(inbox, spacing: .milliseconds(50), hostConnections: 2)
        let feeds = (0..<6).map { FeedSource(name: "s\($0)", url: server.url("/s\($0)")) }
        let running = Task { await round.run(feeds, now: Date.init) }

        #expect(await eventually(10) { counts.answered >= 2 })
        try await Task.sleep(for: .milliseconds(400))
        #expect(counts.answered == 2, "two feeds in progress, both waiting to be stored: \(counts.answered) fetched")

        inbox.openGate()
        let report = await running.value
        #expect(report.fetched == 6)
        #expect(try inbox.depths().ready == 12)
    }
}
