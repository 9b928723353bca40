#if PostgreSQL
import Config
import Digest
@testable import Daemon
import Fetcher
import Foundation
import Inbox
import Logging
@testable import PostgresQueue
import Synchronization
import TestSupport
import Testing

/// The paths a test server was asked for, in order.
final class RequestLog: Sendable {
    private let log = Mutex<[String]>([])
    func append(_ path: String) { log.withLock { $0.append(path) } }
    var paths: [String] { log.withLock { $0 } }
}

/// Two daemons on one PostgreSQL database, as on two hosts: the feed is fetched by one of them,
/// each item classified once, and both write the same digest from the shared results.
@Suite("Daemons sharing PostgreSQL")
struct PostgresDaemonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func configuration(root: String, feedURL: String, databaseURL: String, extra: String = "") throws -> Configuration {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let text = """
            workers = 2
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            classifier = "\(Self.repository)/config/classifier"
            [queue]
            store = "postgresql"
            url = "\(databaseURL)"
            [[feed]]
            name = "demo"
            title = "Demo wire"
            url = "\(feedURL)"
            """ + extra
        try text.write(toFile: root + "/brinkwatch.toml", atomically: true, encoding: .utf8)
        return try Configuration.load(path: root + "/brinkwatch.toml")
    }

    /// The repository's demo feed, served at `/demo.xml`.
    func demoFeedServer() throws -> LoopbackHTTPServer {
        let feed = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/config/demo/demo-feed.xml"))
        return try LoopbackHTTPServer { request in
            guard request.pathWithoutQuery == "/demo.xml" else { return .status(404) }
            return HTTPTestResponse.ok(body: feed, contentType: "application/rss+xml")
        }
    }

    /// The shared test server and a new database on it; cancels the test when there is no server.
    func database() async throws -> (server: PostgresServer, name: String) {
        let server: PostgresServer
        do {
            server = try await PostgresServer.shared()
        } catch {
            if error.code == .missing { try Test.cancel(Comment(rawValue: error.message)) }
            throw error
        }
        let name = try await server.createDatabase()
        return (server, name)
    }

    @Test("the second daemon leaves the feed the first just fetched, classifies nothing twice, and writes the same digest")
    func twoDaemonsOneDatabase() async throws {
        let (server, name) = try await database()

        let http = try demoFeedServer()
        defer { http.stop() }
        let base = ScratchFolder.path("pg-daemons")
        let first = try Daemon(
            configuration: try configuration(
                root: base + "/a", feedURL: http.url("/demo.xml"), databaseURL: server.url(database: name)),
            logger: Self.quiet)
        let second = try Daemon(
            configuration: try configuration(
                root: base + "/b", feedURL: http.url("/demo.xml"), databaseURL: server.url(database: name)),
            logger: Self.quiet)

        let now = Date()
        let one = try await first.runOnce(now: now)
        #expect(one.feedsFetched == 1)
        #expect(one.itemsEnqueued == 10)
        #expect(one.itemsClassified == 10)
        let two = try await second.runOnce(now: now)
        #expect(two.feedsFetched == 0, "the feed's shared state says it was just fetched")
        #expect(two.itemsEnqueued == 0)
        #expect(two.itemsClassified == 0)

        let link = try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
        let depths = try PostgresInbox(link: link).depths()
        #expect(depths.ready == 0 && depths.claimed == 0 && depths.dead == 0)
        var records = 0
        _ = PostgresResults(link: link).forEachRecord(day: try #require(one.today).json.dayOfDigest) { _, _ in
            records += 1
        }
        #expect(records == 10, "one result per item")

        let written = try #require(one.today)
        let mirrored = try #require(two.today)
        let a = try Data(contentsOf: URL(fileURLWithPath: written.json))
        let b = try Data(contentsOf: URL(fileURLWithPath: mirrored.json))
        #expect(a == b, "both daemons write the same digest, byte for byte")
        let markdownA = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        let markdownB = try Data(contentsOf: URL(fileURLWithPath: mirrored.markdown))
        #expect(markdownA == markdownB)
    }

    @Test("a feed that waited long for its host's transfer slot renews its lease first, and leaves the feed to a daemon that took it meanwhile")
    func leaseRenewedAfterSlotWait() async throws {
        let (server, name) = try await database()
        let requested = RequestLog()
        // Slow answers: the second feed waits for the first one's transfer, more than a second.
        let http = try LoopbackHTTPServer { request in
            requested.append(request.pathWithoutQuery)
            usleep(1_500_000)
            return .status(304)
        }
        defer { http.stop() }
        let configuration = try configuration(
            root: ScratchFolder.path("pg-lease"), feedURL: http.url("/first.xml"),
            databaseURL: server.url(database: name),
            extra: """

                [[feed]]
                name = "second"
                url = "\(http.url("/second.xml"))"
                [fetch]
                max_connections_per_host = 1
                host_spacing_seconds = 0
                """)
        let storage = try Storage.open(configuration)
        let round = Daemon.makeRound(
            configuration: configuration, client: try Daemon.makeClient(configuration), storage: storage,
            logger: Self.quiet, doorbell: Doorbell())
        let link = try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
        func holder(_ feed: String) throws -> String? {
            try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> String? in
                let rows = try session.query("SELECT holder FROM brinkwatch.feeds WHERE name = \(feed)").rows
                for row in rows { return try row.read((String?).self, "a feed's lease holder") }
                return nil
            }
        }

        let running = Task { await round.run(configuration.feeds, now: Date.init) }
        // Both feeds leased by this daemon, one request out (either feed may win the slot), the
        // other feed waiting for the slot.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try requested.paths.count == 1 && holder("demo") == PostgresLink.holderName
                && holder("second") == PostgresLink.holderName
            {
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let first = try #require(requested.paths.first, "no request within 10 s")
        let (fetched, waiting) = first == "/first.xml" ? ("demo", "second") : ("second", "demo")
        #expect(try holder(waiting) == PostgresLink.holderName)
        // Meanwhile its lease runs out and another daemon takes the feed.
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) in
            _ = try session.query(
                "UPDATE brinkwatch.feeds SET holder = 'other-host:1', lease_until = now() + interval '1 hour' WHERE name = \(waiting)")
        }

        let report = await running.value
        #expect(requested.paths == [first], "the waiting feed was left to the daemon holding it")
        #expect(report.unchanged == 1 && report.failed == 0)
        #expect(try holder(waiting) == "other-host:1", "not released by the daemon that lost it")
        #expect(try holder(fetched) == nil, "the fetched feed's lease released after its fetch")
    }
}

extension PostgresDaemonTests {
    @Test("feed states keep their items in a column of their own, updated only when they change; rows of earlier releases move theirs out")
    func feedStateItems() async throws {
        let (server, name) = try await database()
        let link = try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
        let states = try PostgresFeedStates(link: link)
        func column(_ feed: String) throws -> (state: String, seen: String?) {
            try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> (String, String?) in
                let rows = try session.query(
                    "SELECT convert_from(state, 'UTF8'), convert_from(seen, 'UTF8') FROM brinkwatch.feeds WHERE name = \(feed)"
                ).rows
                for row in rows { return try row.read((String, String?).self, "a feed row") }
                throw PostgresFailure("no row for \(feed)")
            }
        }

        var state = FeedState(url: "https://wire.example/feed")
        state.seen = ["a": 1_772_582_400, "b": 1_772_582_460]
        state.fingerprints = ["a": "fa", "b": "fb"]
        try states.save(state, for: "wire")
        let first = try column("wire")
        #expect(!first.state.contains("\"seen\""), "the state says nothing of the items")
        #expect(first.seen?.contains("\"fb\"") == true)
        let loaded = try #require(try states.load("wire"))
        #expect(loaded == state && !loaded.itemsChanged)
        let summary = try #require(try states.loadSummary("wire"))
        #expect(summary.url == state.url && summary.seen.isEmpty && summary.itemsOmitted && summary.savableWithoutItems)
        var touched = summary
        touched.seen["z"] = 1_772_582_500
        #expect(throws: (any Error).self) { try states.save(touched, for: "wire") }

        // Another writer's items in the column: a save of a state whose items did not change
        // leaves the column alone, which is how a 304 costs only the small state.
        var other = state
        other.seen["c"] = 1_772_582_999
        let planted = String(decoding: try other.seenFile(), as: UTF8.self)
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in
            try session.query("UPDATE brinkwatch.feeds SET seen = convert_to(\(planted), 'UTF8') WHERE name = 'wire'")
        }
        var polled = loaded
        polled.lastStatus = 304
        try states.save(polled, for: "wire")
        #expect(try states.load("wire")?.seen["c"] != nil, "unchanged items are not written")
        #expect(try states.load("wire")?.lastStatus == 304)
        var polledSummary = summary
        polledSummary.lastStatus = 200
        try states.save(polledSummary, for: "wire")
        #expect(try column("wire").seen == planted, "a state read without its items leaves the column alone")
        #expect(try states.load("wire")?.lastStatus == 200)
        polled.fingerprints["a"] = "fa2"
        try states.save(polled, for: "wire")
        #expect(try states.load("wire") == polled, "changed items are written whole")

        // A state column that makes no sense: the row is damage, and its items are salvaged.
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in
            try session.query("UPDATE brinkwatch.feeds SET state = convert_to('{\"url\": 7', 'UTF8') WHERE name = 'wire'")
        }
        #expect(throws: DamagedFeedState.self) { try states.load("wire") }
        let salvaged = try #require(states.salvageItems("wire"))
        #expect(salvaged.seen == polled.seen && salvaged.fingerprints == polled.fingerprints)
        #expect(states.salvageItems("nothing-stored") == nil)

        // A row of an earlier release: the items inside the state, no seen column.
        let old = String(decoding: try FeedStateStore.encode(state), as: UTF8.self)
        #expect(old.contains("\"seen\""))
        try link.withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in
            try session.query("INSERT INTO brinkwatch.feeds (name, state, saved_at) VALUES ('old', convert_to(\(old), 'UTF8'), now())")
        }
        #expect(try states.loadSummary("old")?.savableWithoutItems == false, "its items must move out first")
        let fromOld = try #require(try states.load("old"))
        #expect(fromOld == state && fromOld.itemsChanged)
        try states.save(fromOld, for: "old")
        let moved = try column("old")
        #expect(!moved.state.contains("\"seen\"") && moved.seen != nil)
        #expect(try states.load("old") == state)
    }

    @Test("a daemon rewrites a day when another daemon's workers add to it, and only then")
    func otherDaemonsWorkIsNoticed() async throws {
        let (server, name) = try await database()
        let http = try demoFeedServer()
        defer { http.stop() }
        let base = ScratchFolder.path("pg-notice")
        let url = server.url(database: name)
        let watcherConfiguration = try configuration(root: base + "/w", feedURL: http.url("/demo.xml"), databaseURL: url)
        let watcher = DigestPublisher(
            configuration: watcherConfiguration, storage: try Storage.open(watcherConfiguration), logger: Self.quiet)
        let now = Date()
        let today = DigestDay.of(now, in: watcherConfiguration.timeZone)
        #expect(watcher.flush(now: now).count == 1, "today's digest is written at once, empty")
        #expect(watcher.flush(now: now).isEmpty, "nothing changed: nothing rewritten")

        let worker = try Daemon(
            configuration: try configuration(root: base + "/a", feedURL: http.url("/demo.xml"), databaseURL: url),
            logger: Self.quiet)
        #expect(try await worker.runOnce(now: now).itemsClassified == 10)

        let rewritten = watcher.flush(now: now)
        #expect(rewritten.count == 1)
        let json = try #require(rewritten.first).json
        #expect(json.hasSuffix("/\(today).json"))
        let digest = try JSONDecoder.iso8601.decode(Digest.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(digest.itemCount == 10)
        #expect(watcher.flush(now: now).isEmpty, "no new records since: nothing rewritten")
    }
}

extension PostgresDaemonTests {
    @Test("the retention removes old days' records and old dead letters from the database, and keeps the rest")
    func retention() async throws {
        let (server, name) = try await database()
        let root = ScratchFolder.path("pg-retention")
        let configuration = try configuration(
            root: root, feedURL: "http://127.0.0.1:1/none.xml", databaseURL: server.url(database: name),
            extra: "\n[retention]\ndays = 7\n")
        let storage = try Storage.open(configuration)
        let inbox = storage.inbox
        let now = Date()
        let old = DigestDay.of(now.addingTimeInterval(-30 * 86_400), in: configuration.timeZone)
        let recent = DigestDay.of(now.addingTimeInterval(-86_400), in: configuration.timeZone)
        let ids = ["old1", "old2", "new1", "dead1", "dead2"]
        _ = try inbox.enqueue(ids.map { (id: String) -> InboxItem in InboxItem(id: id, payload: Array(id.utf8)) })
        for claim in try inbox.claimAll(upTo: 5) {
            if claim.id.hasPrefix("dead") {
                try inbox.fail(claim, reason: "broken", permanent: true)
            } else {
                let day = claim.id.hasPrefix("old") ? old : recent
                try inbox.complete(claim, result: Array("{}".utf8), bucket: day)
            }
        }
        // dead1 died a month ago; dead2 just now.
        let link = try PostgresLink(settings: PostgresSettings(url: server.url(database: name)))
        try link.execute("UPDATE brinkwatch.items SET changed_at = now() - interval '30 days' WHERE id = 'dead1'")

        let dry = try RetentionPurge(configuration: configuration, storage: storage).run(now: now, dryRun: true)
        #expect(dry.days == [old])
        #expect(dry.records == 2)
        #expect(dry.deadLetters == 1)
        #expect(storage.records.days() == [old, recent], "a dry run removes nothing")

        let report = try RetentionPurge(configuration: configuration, storage: storage).run(now: now)
        #expect(report.days == [old])
        #expect(report.records == 2)
        #expect(report.deadLetters == 1)
        #expect(storage.records.days() == [recent])
        #expect(try inbox.list(.dead).map(\.id) == ["dead2"])
    }
}

extension String {
    /// `2026-01-02` from `…/digests/2026-01-02.json`.
    fileprivate var dayOfDigest: String {
        String((self as NSString).lastPathComponent.prefix(10))
    }
}
#endif
