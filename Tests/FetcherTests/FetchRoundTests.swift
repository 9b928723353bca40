import Config
import Curl
import Durable
import Feed
@testable import Fetcher
import Foundation
import Inbox
import Logging
import Synchronization
import TestSupport
import Testing

/// The fetch round against real HTTP servers on 127.0.0.1: what it enqueues, what it records,
/// and when each feed is due again.
@Suite("Fetch round")
struct FetchRoundTests {
    let root = ScratchFolder.path("fetch")
    /// State files keep whole seconds.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    func round(minimumMinutes: Int = 10, spacing: Duration = .zero, hostConnections: Int = 1) throws -> FetchRound {
        let settings = Configuration.Fetch(contact: "mailto:ops@example.org", timeoutSeconds: 5, connectTimeoutSeconds: 2)
        var policy = SchedulePolicy(minimum: TimeInterval(minimumMinutes * 60), maximum: 6 * 3600)
        policy.jitter = 0  // exact times in assertions
        var round = FetchRound(
            fetcher: FeedFetcher(
                client: try CurlClient(configuration: .init(maxTotalConnections: 16, maxHostConnections: 8)),
                settings: settings, userAgent: "brinkwatch-test"),
            inbox: try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified"),
            states: FeedStateStore(directory: root + "/state"),
            policy: policy,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        round.hostSpacing = spacing
        round.hostConnections = hostConnections
        return round
    }

    static let feed = """
        <rss version="2.0"><channel><title>t</title>
        <item><guid>one</guid><title>First</title><link>https://example.org/1</link></item>
        <item><guid>two</guid><title>Second</title><link>https://example.org/2</link></item>
        </channel></rss>
        """

    func state(_ round: FetchRound, _ name: String) throws -> FeedState {
        try #require(try round.states.load(name))
    }

    @Test("failures back off exponentially, the feed is not due meanwhile, and a success resets everything")
    func backoff() async throws {
        let failing = LockedFlag(true)
        let server = try LoopbackHTTPServer { _ in failing.value ? .status(500) : .ok(body: Self.feed) }
        defer { server.stop() }
        var round = try round(minimumMinutes: 10)
        // Told when the feed starts and when it stops failing, not at every fetch.
        let changes = Locked(0)
        round.healthChanged = { changes.value += 1 }
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))

        #expect(await round.fetchNow(feed, now: now).failed == 1)
        #expect(changes.value == 1, "started failing")
        var s = try state(round, "f")
        #expect(s.errorStreak == 1)
        #expect(s.lastError == "HTTP 500 from \(server.url("/feed.xml"))")
        #expect(s.nextCheck == now.addingTimeInterval(600))
        #expect(round.due([feed], at: now.addingTimeInterval(599)).isEmpty)
        #expect(round.due([feed], at: now.addingTimeInterval(600)).count == 1)
        #expect(FeedCondition(s, now: now).kind == .backingOff)

        _ = await round.fetchNow(feed, now: now)
        s = try state(round, "f")
        #expect(s.errorStreak == 2)
        #expect(s.nextCheck == now.addingTimeInterval(1200))

        #expect(changes.value == 1, "still failing: no news")
        failing.value = false
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        #expect(changes.value == 2, "stopped failing")
        s = try state(round, "f")
        #expect(s.errorStreak == 0 && s.lastError == nil && s.failingSince == nil)
        #expect(s.seen.count == 2)
        #expect(FeedCondition(s, now: now).kind == .healthy)
    }

    @Test("ETag and Last-Modified go back verbatim; a 304 is a success that enqueues nothing")
    func conditionalGet() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.header("If-None-Match") == "W/\"v1, odd\"" { return .status(304) }
            return HTTPTestResponse.ok(body: Self.feed).adding(header: "ETag", "W/\"v1, odd\"")
                .adding(header: "Last-Modified", "Tue, 03 Mar 2026 10:00:00 GMT")
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "c", url: server.url("/c"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        let second = await round.fetchNow(feed, now: now)
        #expect(second.unchanged == 1 && second.enqueued == 0)
        #expect(server.requests.last?.header("If-Modified-Since") == "Tue, 03 Mar 2026 10:00:00 GMT")
        #expect(try state(round, "c").etag == "W/\"v1, odd\"")
    }

    @Test("a fetch that finds nothing new neither reads nor rewrites the seen file; a new body reads it")
    func unchangedFetchesLeaveItemsAlone() async throws {
        let body = LockedText(Self.feed)
        let server = try LoopbackHTTPServer { request in
            let tag = "\"\(body.value.count)\""
            if request.header("If-None-Match") == tag { return .status(304) }
            return HTTPTestResponse.ok(body: body.value).adding(header: "ETag", tag)
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "u", url: server.url("/u"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        // Unreadable items would make a fetch that reads them start the feed afresh, without
        // its ETag: this one must get its 304 without looking at them.
        let seenPath = root + "/state/feeds/u.seen"
        try "{ not json".write(toFile: seenPath, atomically: true, encoding: .utf8)
        // Older than the state file, as a seen file damaged in place would be (a newer one is
        // taken for a save interrupted between the two files, and read).
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: seenPath)
        let unchanged = await round.fetchNow(feed, now: now.addingTimeInterval(3600))
        #expect(unchanged.unchanged == 1 && unchanged.failed == 0)
        #expect(try String(contentsOfFile: seenPath, encoding: .utf8) == "{ not json", "neither read nor rewritten")
        let summary = try #require(try round.states.loadSummary("u"))
        #expect(summary.lastStatus == 304 && summary.lastAttempt == now.addingTimeInterval(3600))
        #expect(summary.itemsInLastWeek(now: now.addingTimeInterval(3600)) == 2, "the activity still counts both items")

        // A new body needs the items: unreadable, they start afresh (the inbox still refuses the
        // two it holds), and the seen file is whole again.
        body.value = Self.feed.replacingOccurrences(
            of: "</channel>", with: "<item><guid>three</guid><title>Third</title></item></channel>")
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(7200)).enqueued == 1)
        #expect(try state(round, "u").seen.keys.count == 3)
    }

    @Test("a seen file newer than its state file: a 304 fetch reads it once, records its count and sightings, and leaves it as it is")
    func newerSeenFileRecordedOnce() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.header("If-None-Match") == "\"v1\"" { return .status(304) }
            return HTTPTestResponse.ok(body: Self.feed).adding(header: "ETag", "\"v1\"")
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "n", url: server.url("/n"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        // As a save stopped between its two files leaves it: a third id in the seen file only.
        let seenPath = root + "/state/feeds/n.seen"
        let seen = """
            {"version":1,"fields":["id","firstSeen","fingerprint","revision"],"items":[
            ["a1",\(Int(now.timeIntervalSince1970)),null,null],
            ["b2",\(Int(now.timeIntervalSince1970)),null,null],
            ["c3",\(Int(now.timeIntervalSince1970) + 60),null,null]
            ]}

            """
        try seen.write(toFile: seenPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: root + "/state/feeds/n.json")
        #expect(try round.states.loadSummary("n")?.savableWithoutItems == false, "the state's record may be stale")

        let later = now.addingTimeInterval(600)
        #expect(await round.fetchNow(feed, now: later).unchanged == 1)
        #expect(try String(contentsOfFile: seenPath, encoding: .utf8) == seen, "the seen file is not rewritten")
        let summary = try #require(try round.states.loadSummary("n"))
        #expect(summary.lastStatus == 304)
        #expect(summary.savableWithoutItems, "the state file now records the seen file's items")
        #expect(summary.rememberedIDs == 3)
        #expect(summary.itemsInLastWeek(now: later) == 3)
        #expect(try state(round, "n").seen.keys.sorted() == ["a1", "b2", "c3"], "every id still remembered")
    }

    @Test("remembered items out of reach for now (a read error, not damage): the feed is deferred, its state kept, nothing enqueued twice")
    func itemsOutOfReach() async throws {
        let body = LockedText(Self.feed)
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse.ok(body: body.value) }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "r", url: server.url("/r"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        let before = try state(round, "r")
        // A read that fails with an I/O error (EISDIR here, for a folder in the file's place),
        // as a passing disk or database error would.
        let seenPath = root + "/state/feeds/r.seen"
        try FileManager.default.moveItem(atPath: seenPath, toPath: seenPath + ".aside")
        try FileManager.default.createDirectory(atPath: seenPath, withIntermediateDirectories: false)
        body.value = Self.feed.replacingOccurrences(
            of: "</channel>", with: "<item><guid>three</guid><title>Third</title></item></channel>")
        let deferred = await round.fetchNow(feed, now: now.addingTimeInterval(3600))
        #expect(deferred.deferred == ["r"] && deferred.enqueued == 0, "\(deferred)")
        #expect(try #require(try round.states.loadSummary("r")).lastAttempt == before.lastAttempt, "the state is untouched")

        // Back within reach: only the new item goes in; the two delivered before are remembered.
        try FileManager.default.removeItem(atPath: seenPath)
        try FileManager.default.moveItem(atPath: seenPath + ".aside", toPath: seenPath)
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(7200)).enqueued == 1)
        #expect(try state(round, "r").seen.keys.count == 3)
        #expect(DamagedFeedState.isDamage(DamagedFeedState(feed: "r", message: "x")))
        #expect(!DamagedFeedState.isDamage(FileError(code: .io, operation: "read", path: seenPath)))
    }

    @Test("429 and 503 honour Retry-After, in seconds or as a date, without counting as errors")
    func rateLimits() async throws {
        let retryDate = Date(timeIntervalSince1970: now.timeIntervalSince1970 + 7200)
        let server = try LoopbackHTTPServer { request in
            request.path == "/seconds"
                ? HTTPTestResponse.status(429).adding(header: "Retry-After", "5400")
                : HTTPTestResponse.status(503).adding(header: "Retry-After", Self.httpDate(retryDate))
        }
        defer { server.stop() }
        let round = try round()
        let seconds = FeedSource(name: "s", url: server.url("/seconds"))
        let date = FeedSource(name: "d", url: server.url("/date"))
        #expect(await round.fetchNow(seconds, now: now).rateLimited == 1)
        #expect(await round.fetchNow(date, now: now).rateLimited == 1)
        let s = try state(round, "s")
        #expect(s.errorStreak == 0)
        #expect(s.rateLimitedUntil == now.addingTimeInterval(5400))
        #expect(s.nextCheck == now.addingTimeInterval(5400))
        #expect(FeedCondition(s, now: now).kind == .rateLimited)
        let d = try state(round, "d")
        let waited = try #require(d.rateLimitedUntil).timeIntervalSince(now)
        #expect(abs(waited - 7200) <= 2, "the date is read relative to the fetch")
    }

    @Test("a permanent redirect moves the feed; a temporary one does not")
    func redirects() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old": return .redirect(to: "/new", status: 301)
            case "/hop": return .redirect(to: "/new", status: 302)
            default: return .ok(body: Self.feed)
            }
        }
        defer { server.stop() }
        let round = try round()
        _ = await round.fetchNow(FeedSource(name: "p", url: server.url("/old")), now: now)
        _ = await round.fetchNow(FeedSource(name: "t", url: server.url("/hop")), now: now)
        #expect(try state(round, "p").url == server.url("/new"))
        #expect(try state(round, "t").url == server.url("/hop"))
        // The moved feed is fetched from its new place from now on.
        _ = await round.fetchNow(FeedSource(name: "p", url: server.url("/old")), now: now)
        #expect(server.requests.last?.path == "/new")
    }

    @Test("410 makes a feed dormant at once; fourteen days of failure make it dormant too; neither is dropped")
    func dormancy() async throws {
        let server = try LoopbackHTTPServer { request in request.path == "/gone" ? .status(410) : .status(404) }
        defer { server.stop() }
        let round = try round()
        let gone = FeedSource(name: "g", url: server.url("/gone"))
        _ = await round.fetchNow(gone, now: now)
        let g = try state(round, "g")
        #expect(g.dormant)
        #expect(g.nextCheck == now.addingTimeInterval(86_400))
        #expect(FeedCondition(g, now: now).kind == .dormant)

        let broken = FeedSource(name: "b", url: server.url("/missing"))
        _ = await round.fetchNow(broken, now: now)
        #expect(try state(round, "b").dormant == false)
        _ = await round.fetchNow(broken, now: now.addingTimeInterval(14 * 86_400))
        let b = try state(round, "b")
        #expect(b.dormant)
        #expect(b.nextCheck == now.addingTimeInterval(15 * 86_400), "probed daily")
        #expect(round.due([broken], at: now.addingTimeInterval(15 * 86_400)).count == 1)
    }

    @Test("when most feeds cannot be reached, it is an outage: error streaks stay as they were")
    func outage() async throws {
        let round = try round()
        // Port 1 on loopback refuses connections: every feed fails to connect.
        let feeds = (0..<4).map { FeedSource(name: "n\($0)", url: "http://127.0.0.1:1/feed\($0).xml") }
        let report = await round.run(feeds, now: { now })
        #expect(report.outage)
        #expect(report.failed == 4)
        for feed in feeds {
            let s = try state(round, feed.name)
            #expect(s.errorStreak == 0)
            #expect(s.lastError?.contains("127.0.0.1") == true)
        }
    }

    @Test("a loop that keeps its own schedule leaves a feed fetched since it read it; a one-off round fetches it")
    func recheckingLeavesFeedsFetchedElsewhere() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: Self.feed) }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        // Another process's fetch: the saved state says the feed is next due in ten minutes.
        #expect(await round.fetchNow(feed, now: now).fetched == 1)
        let requests = server.requests.count
        let later = now.addingTimeInterval(60)
        let report = await round.run([feed], rechecking: true, now: { later })
        #expect(server.requests.count == requests && report.fetched + report.unchanged == 0, "left until it is due")
        _ = await round.run([feed], now: { later })
        #expect(server.requests.count == requests + 1, "run --once and fetch --once --all ignore the schedule")
    }

    /// The file states, but every lease of a feed after its first is refused: another process
    /// taking the feed between this one's fetch and the saving of its failure, which no test can time.
    final class TakenAfterFirstLease: FeedStates {
        let real: FeedStateStore
        let granted = Mutex<Set<String>>([])
        init(_ real: FeedStateStore) { self.real = real }
        func load(_ feed: String) throws -> FeedState? { try real.load(feed) }
        func loadSummary(_ feed: String) throws -> FeedState? { try real.loadSummary(feed) }
        func save(_ state: FeedState, for feed: String) throws { try real.save(state, for: feed) }
        func saveAll(_ entries: [(feed: String, state: FeedState)]) -> [Result<Void, any Error>] { real.saveAll(entries) }
        func lease(_ feed: String, seconds: Double) -> Bool { granted.withLock { $0.insert(feed).inserted } }
        func releaseLease(_ feed: String) {}
        var isShared: Bool { false }
        func salvageItems(_ feed: String) -> FeedState? { real.salvageItems(feed) }
    }

    @Test("a failure is not saved over the state of a feed that another process took after the fetch")
    func failureLeftToTheNewHolder() async throws {
        let base = try round()
        let round = FetchRound(
            fetcher: base.fetcher, inbox: base.inbox, states: TakenAfterFirstLease(FeedStateStore(directory: root + "/state")),
            policy: base.policy, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        // Port 1 refuses: a network failure, recorded after the round (to tell an outage).
        let report = await round.run([FeedSource(name: "x", url: "http://127.0.0.1:1/x")], now: { now })
        #expect(report.failed == 1)
        #expect(try round.states.load("x") == nil, "nothing saved: the other process has the feed")
        #expect(try base.states.load("x") == nil)
    }

    @Test("one refused feed among healthy ones counts as its own failure")
    func noOutageForOneFeed() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: Self.feed) }
        defer { server.stop() }
        let round = try round()
        let feeds = [
            FeedSource(name: "a", url: server.url("/a")), FeedSource(name: "b", url: server.url("/b")),
            FeedSource(name: "c", url: server.url("/c")), FeedSource(name: "x", url: "http://127.0.0.1:1/x"),
        ]
        let report = await round.run(feeds, now: { now })
        #expect(!report.outage)
        #expect(try state(round, "x").errorStreak == 1)
    }

    @Test("feeds on one host are fetched one at a time, spaced apart")
    func hostSpacing() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: Self.feed) }
        defer { server.stop() }
        let round = try round(spacing: .milliseconds(300))
        let feeds = (0..<3).map { FeedSource(name: "h\($0)", url: server.url("/h\($0)")) }
        let clock = ContinuousClock()
        let start = clock.now
        _ = await round.run(feeds, now: { now })
        #expect(clock.now - start >= .milliseconds(600), "two pauses between three requests")
        #expect(server.requests.count == 3)
    }

    @Test("with no spacing, a host's feeds are fetched up to the per-host limit at once, never more")
    func hostConcurrency() async throws {
        let inFlight = Locked(0)
        let most = Locked(0)
        let server = try LoopbackHTTPServer { _ in
            inFlight.value += 1
            most.value = max(most.value, inFlight.value)
            usleep(150_000)
            inFlight.value -= 1
            return .ok(body: Self.feed)
        }
        defer { server.stop() }
        let round = try round(hostConnections: 3)
        let feeds = (0..<9).map { FeedSource(name: "c\($0)", url: server.url("/c\($0)")) }
        let report = await round.run(feeds, now: { now })
        #expect(report.fetched == 9)
        #expect(most.value == 3, "three at a time: \(most.value)")
    }

    @Test("items already delivered are not enqueued again, even when the body changes")
    func deduplication() async throws {
        let extra = LockedFlag(false)
        let server = try LoopbackHTTPServer { _ in
            let more = extra.value ? "<item><guid>three</guid><title>Third</title></item>" : ""
            return .ok(body: Self.feed.replacingOccurrences(of: "</channel>", with: more + "</channel>"))
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        #expect(await round.fetchNow(feed, now: now).unchanged == 1, "the same body is unchanged")
        extra.value = true
        #expect(await round.fetchNow(feed, now: now).enqueued == 1, "only the new item")
        #expect(try round.inbox.depths().ready == 3)
    }

    @Test("an item still in its feed is remembered however long ago it was first seen; one gone from it is forgotten after 180 days")
    func longListedItemsAreRemembered() async throws {
        // A feed that posts rarely: its first two items are still listed half a year on.
        func body(_ guids: [String]) -> String {
            "<rss version=\"2.0\"><channel><title>t</title>"
                + guids.map { "<item><guid>\($0)</guid><title>Item \($0)</title></item>" }.joined()
                + "</channel></rss>"
        }
        let served = LockedText(body(["one", "two"]))
        let server = try LoopbackHTTPServer { _ in .ok(body: served.value) }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        let day = 86_400.0
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        served.value = body(["one", "two", "three"])
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(200 * day)).enqueued == 1, "only the new item")
        served.value = body(["one", "two", "three", "four"])
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(201 * day)).enqueued == 1,
                "the items listed for 200 days are not delivered again")
        #expect(try round.inbox.depths().ready == 4)
        // Item ids as the parser makes them for this feed (see the Feed module's ItemIdentity).
        func ids(_ guids: [String]) -> Set<String> { Set(guids.map { String(SHA256.hex("f\nguid:\($0)").prefix(32)) }) }
        #expect(Set(try state(round, "f").seen.keys) == ids(["one", "two", "three", "four"]))

        // A body cut off after its first item lists the others no more, but they have not left the feed.
        served.value = String(body(["one", "two", "three", "four"]).prefix(100))
        _ = await round.fetchNow(feed, now: now.addingTimeInterval(201.5 * day))
        #expect(Set(try state(round, "f").seen.keys) == ids(["one", "two", "three", "four"]))

        // Once an old item has left the feed, the next new body forgets it.
        served.value = body(["two", "three", "four", "five"])
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(202 * day)).enqueued == 1)
        #expect(Set(try state(round, "f").seen.keys) == ids(["two", "three", "four", "five"]))
    }

    @Test("an item that changes under the same id goes in again as an update; an unchanged one never does")
    func updates() async throws {
        let title = LockedText("Second")
        let server = try LoopbackHTTPServer { _ in
            .ok(body: Self.feed.replacingOccurrences(of: "<title>Second</title>", with: "<title>\(title.value)</title>"))
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        title.value = "Second, corrected"
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60)).enqueued == 1, "only the changed item")
        let inbox = try #require(round.inbox as? FileInbox)
        let ids = try inbox.list(.ready).map(\.id)
        let update = try #require(ids.first { $0.hasSuffix("-r2") })
        let envelope = try InboxEnvelope.decode(try #require(try inbox.payload(of: update)).payload)
        #expect(envelope.revision == 2)
        #expect(envelope.item.title == "Second, corrected")
        #expect(update == envelope.item.id + "-r2", "filed under the item id plus its revision")
        #expect(envelope.firstSeen == now, "an update keeps the time the item was first seen")

        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(120)).enqueued == 0, "nothing changed since")
        title.value = "Second, corrected again"
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(180)).enqueued == 1)
        #expect(try inbox.list(.ready).contains { $0.id.hasSuffix("-r3") })
        #expect(try state(round, "f").revisions.count == 1)
    }

    @Test("a link that changes only in scheme, host case, www., default port or fragment is no edit; a new path is")
    func linkFormsAreNoEdit() async throws {
        let link = LockedText("https://example.org/2")
        let server = try LoopbackHTTPServer { _ in
            .ok(body: Self.feed.replacingOccurrences(of: "https://example.org/2", with: link.value))
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        var minute = 0.0
        for same in ["http://example.org/2", "https://WWW.Example.org/2", "http://www.example.org:80/2",
                     "https://example.org:443/2#comments"] {
            link.value = same
            minute += 1
            #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60 * minute)).enqueued == 0, "\(same)")
        }
        link.value = "https://example.org/2-corrected"
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(600)).enqueued == 1, "a new page is an edit")
        #expect(try state(round, "f").revisions.values.max() == 2)
    }

    @Test("items remembered with the fingerprint of earlier releases are not brought back by the upgrade")
    func earlierFingerprintsKept() async throws {
        let third = LockedText("")
        let server = try LoopbackHTTPServer { _ in
            .ok(body: Self.feed.replacingOccurrences(of: "</channel>", with: third.value + "</channel>"))
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        // The state as an earlier release left it: fingerprints over the link as written.
        var state = try state(round, "f")
        let document = FeedParser.parse(Data(Self.feed.utf8), feed: "f")
        for item in document.items {
            #expect(item.earlierContentFingerprint != item.contentFingerprint)
            state.fingerprints[item.id] = item.earlierContentFingerprint
        }
        try round.states.save(state, for: "f")

        third.value = "<item><guid>three</guid><title>Third</title><link>https://example.org/3</link></item>"
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60)).enqueued == 1, "only the new item")
        let stored = try self.state(round, "f")
        #expect(document.items.allSatisfy { stored.fingerprints[$0.id] == $0.contentFingerprint }, "stored anew")
        #expect(stored.revisions.isEmpty)
    }

    @Test("a state file that makes no sense beside an intact seen file: the feed starts afresh and delivers nothing twice")
    func damagedStateKeepsSeenFile() async throws {
        let body = LockedText(Self.feed)
        let server = try LoopbackHTTPServer { _ in .ok(body: body.value) }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        // The workers have been and gone: the inbox no longer holds the two items.
        let inbox = try #require(round.inbox as? FileInbox)
        let claims = try inbox.claimAll(upTo: 10)
        try inbox.completeAll(claims.map { Completion(claim: $0, result: Array("{}".utf8), bucket: "2026-01-01") })
        _ = try inbox.sweep()
        try Data("{\"url\": 7, torn".utf8).write(to: URL(fileURLWithPath: root + "/state/feeds/f.json"))
        body.value = Self.feed.replacingOccurrences(
            of: "</channel>", with: "<item><guid>three</guid><title>Third</title></item></channel>")
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60)).enqueued == 1, "only the new item")
        let state = try state(round, "f")
        #expect(state.seen.count == 3 && state.lastError == nil, "the state is whole again")
        #expect(round.states.salvageItems("f")?.seen.count == 3)
        try Data("[[not a seen file".utf8).write(to: URL(fileURLWithPath: root + "/state/feeds/f.seen"))
        #expect(round.states.salvageItems("f") == nil, "a damaged seen file salvages nothing")
    }

    @Test("a server that alternates an old and a new copy of the feed brings the edit once, not at every switch")
    func oldCopiesAreNoEdits() async throws {
        let edited = Self.feed.replacingOccurrences(of: "<title>Second</title>", with: "<title>Second, corrected</title>")
        let served = Mutex(0)
        let server = try LoopbackHTTPServer { _ in
            let count = served.withLock { count in
                count += 1
                return count
            }
            // The first answer is the feed as first published; then new and old copies alternate.
            return .ok(body: count % 2 == 1 ? Self.feed : edited)
        }
        defer { server.stop() }
        let round = try round()
        let feed = FeedSource(name: "f", url: server.url("/feed.xml"))
        #expect(await round.fetchNow(feed, now: now).enqueued == 2)
        #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60)).enqueued == 1, "the edit")
        for minute in 2..<8 {
            #expect(await round.fetchNow(feed, now: now.addingTimeInterval(60 * Double(minute))).enqueued == 0,
                    "fetch \(minute + 1): an old copy, or the newest again")
        }
        let state = try state(round, "f")
        #expect(state.revisions.values.max() == 2, "one update: \(state.revisions)")
        #expect(state.bodySHA256 == SHA256.hex(edited), "the newest body stays the one compared with")
        #expect(state.earlierBodies == [SHA256.hex(Self.feed)])
        #expect(state.lastError == nil)
    }

    @Test("a feed whose configured URL changes keeps what it delivered: ids, fingerprints and revisions")
    func configuredURLChangeKeepsItems() async throws {
        let title = LockedText("Second")
        let server = try LoopbackHTTPServer { _ in
            .ok(body: Self.feed.replacingOccurrences(of: "<title>Second</title>", with: "<title>\(title.value)</title>"))
        }
        defer { server.stop() }
        let round = try round()
        #expect(await round.fetchNow(FeedSource(name: "f", url: server.url("/a.xml")), now: now).enqueued == 2)
        title.value = "Second, corrected"
        #expect(await round.fetchNow(FeedSource(name: "f", url: server.url("/a.xml")), now: now.addingTimeInterval(60)).enqueued == 1)

        // The configuration now names another URL for the same feed, which serves a new edit.
        title.value = "Second, corrected again"
        let moved = FeedSource(name: "f", url: server.url("/b.xml"))
        #expect(await round.fetchNow(moved, now: now.addingTimeInterval(120)).enqueued == 1, "only the edited item")
        let inbox = try #require(round.inbox as? FileInbox)
        #expect(try inbox.list(.ready).contains { $0.id.hasSuffix("-r3") }, "the revisions go on from where they were")
        let state = try state(round, "f")
        #expect(state.url == server.url("/b.xml") && state.seen.count == 2 && state.revisions.values.max() == 3)
    }

    @Test("a page that is not a feed fails with a clear message and enqueues nothing")
    func notAFeed() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(body: "<html><body>Hello</body></html>", contentType: "text/html") }
        defer { server.stop() }
        let round = try round()
        let report = await round.fetchNow(FeedSource(name: "h", url: server.url("/")), now: now)
        #expect(report.failed == 1)
        #expect(try state(round, "h").lastError?.hasPrefix("not a usable feed") == true)
        #expect(try round.inbox.depths().ready == 0)
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

/// A value shared between a test and its server's handler thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

typealias LockedFlag = Locked<Bool>
typealias LockedText = Locked<String>
