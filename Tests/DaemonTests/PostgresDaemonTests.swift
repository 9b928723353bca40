#if PostgreSQL
import Config
import Daemon
import Foundation
import Logging
import PostgresQueue
import TestSupport
import Testing

/// Two daemons on one PostgreSQL database, as on two hosts: the feed is fetched by one of them,
/// each item classified once, and both write the same digest from the shared results.
@Suite("Daemons sharing PostgreSQL")
struct PostgresDaemonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func configuration(root: String, feedURL: String, databaseURL: String) throws -> Configuration {
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
            """
        try text.write(toFile: root + "/brinkwatch.toml", atomically: true, encoding: .utf8)
        return try Configuration.load(path: root + "/brinkwatch.toml")
    }

    @Test("the second daemon leaves the feed the first just fetched, classifies nothing twice, and writes the same digest")
    func twoDaemonsOneDatabase() async throws {
        let server: PostgresServer
        do {
            server = try await PostgresServer.shared()
        } catch {
            if error.code == .missing { try Test.cancel(Comment(rawValue: error.message)) }
            throw error
        }
        let name = "d_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresLink(settings: PostgresSettings(url: server.url(database: "postgres")), keepIdle: 0)
        let create = "CREATE DATABASE " + name
        try await OffPool.run { () throws -> Void in try admin.execute(create) }

        let feed = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/config/demo/demo-feed.xml"))
        let http = try LoopbackHTTPServer { request in
            guard request.pathWithoutQuery == "/demo.xml" else { return .status(404) }
            return HTTPTestResponse.ok(body: feed, contentType: "application/rss+xml")
        }
        defer { http.stop() }
        let base = NSTemporaryDirectory() + "pg-daemons-\(UUID().uuidString)"
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
}

extension String {
    /// `2026-01-02` from `…/digests/2026-01-02.json`.
    fileprivate var dayOfDigest: String {
        String((self as NSString).lastPathComponent.prefix(10))
    }
}
#endif
