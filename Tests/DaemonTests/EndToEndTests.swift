import Config
import Daemon
import Digest
import Foundation
import InMemoryLogging
import Logging
import Synchronization
import TestSupport
import Testing

/// The whole pipeline, for real: the repository's demo feed served over HTTP by a server on
/// 127.0.0.1, fetched by libcurl, queued in a real inbox, classified with the repository's
/// knowledge files and written as digests.
@Suite("End to end")
struct EndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// What the demo feed's items must become, by the last part of their link.
    static let expected: [String: (labels: [String], type: String?)] = [
        "missile-launch": (["provocation"], "missile_launch"),
        "unsc-meeting": (["diplomatic"], "un_action"),
        "envoy-visit": (["diplomatic"], "envoy_visit"),
        "joint-drills": (["provocation"], "military_drill"),
        "sanctions": (["diplomatic"], "sanctions"),
        "threat": (["provocation"], "threat"),
        "agreement": (["diplomatic"], "agreement"),
        "denial": ([], nil),
        "anniversary": ([], nil),
        "kimchi": ([], nil),
    ]

    let root: String
    let server: LoopbackHTTPServer

    init() throws {
        root = ScratchFolder.path("e2e")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let feed = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/config/demo/demo-feed.xml"))
        server = try LoopbackHTTPServer { request in
            guard request.pathWithoutQuery == "/demo.xml" else { return .status(404) }
            if request.header("If-None-Match") == "\"demo-v1\"" { return .status(304) }
            return HTTPTestResponse.ok(body: feed, contentType: "application/rss+xml").adding(header: "ETag", "\"demo-v1\"")
        }
    }

    /// The demo feed and an unreachable one, unless `feeds` gives the `[[feed]]` tables.
    func configuration(feeds: String? = nil, timeout: Int = 5) throws -> Configuration {
        let text = """
            workers = 2
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            classifier = "\(Self.repository)/config/classifier"
            [fetch]
            timeout_seconds = \(timeout)
            connect_timeout_seconds = 2
            host_spacing_seconds = 0
            \(feeds ?? """
            [[feed]]
            name = "demo"
            title = "Demo wire"
            url = "\(server.url("/demo.xml"))"
            [[feed]]
            name = "unreachable"
            url = "http://127.0.0.1:1/feed.xml"
            """)
            """
        try text.write(toFile: root + "/brinkwatch.toml", atomically: true, encoding: .utf8)
        return try Configuration.load(path: root + "/brinkwatch.toml")
    }

    @Test("one pass fetches the demo feed over HTTP and writes today's digest with every item in its place")
    func demoFeedReachesTheDigest() async throws {
        defer { server.stop() }
        let logs = InMemoryLogHandler()
        let daemon = try Daemon(configuration: try configuration(), logger: Logger(label: "test") { _ in logs })
        let now = Date()
        let report = try await daemon.runOnce(now: now)

        #expect(report.feedsFetched == 1)
        #expect(report.feedsFailed == 1)
        #expect(report.itemsEnqueued == 10)
        #expect(report.itemsClassified == 10)
        let written = try #require(report.today)
        #expect(written.markdown.hasPrefix(root + "/digests/"))

        let digest = try JSONDecoder.iso8601.decode(Digest.self, from: Data(contentsOf: URL(fileURLWithPath: written.json)))
        #expect(digest.itemCount == 10)
        var seen: [String: (labels: [String], types: [String])] = [:]
        for story in digest.provocations + digest.diplomatic {
            for source in story.sources {
                let key = try #require(source.link?.split(separator: "/").last.map(String.init))
                seen[key, default: ([], [])].labels.append(story.label.rawValue)
                seen[key, default: ([], [])].types += story.types.map(\.rawValue)
            }
        }
        let markdownText = try String(contentsOfFile: written.markdown, encoding: .utf8)
        // Every item is listed, but the one that neither is labelled nor mentions the focus.
        for key in Self.expected.keys {
            let listed = markdownText.contains("/brinkwatch-demo/\(key))")
            #expect(listed == (key != "kimchi"), "demo item \(key) listed: \(listed)")
        }
        for (key, want) in Self.expected {
            let got = seen[key] ?? ([], [])
            #expect(got.labels.sorted() == want.labels, "labels of demo item \(key)")
            if let type = want.type { #expect(got.types.contains(type), "types of demo item \(key): \(got.types)") }
        }

        let markdown = try String(contentsOfFile: written.markdown, encoding: .utf8)
        let provocations = try #require(markdown.range(of: "## Provocations"))
        let diplomatic = try #require(markdown.range(of: "## Diplomatic actions"))
        let missile = try #require(markdown.range(of: "North Korea fires ballistic missile into the East Sea",
                                                   range: provocations.upperBound..<markdown.endIndex))
        let envoy = try #require(markdown.range(of: "US envoy arrives in Seoul for talks on North Korea",
                                                 range: provocations.upperBound..<markdown.endIndex))
        #expect(provocations.upperBound < missile.lowerBound && missile.lowerBound < diplomatic.lowerBound)
        #expect(diplomatic.upperBound < envoy.lowerBound)
        #expect(markdown.contains("| unreachable | 0 | failing"))

        let failures = logs.entries.filter { $0.level == .error }
        #expect(failures.count == 1, "one clear line for the unreachable feed")
        #expect(failures.first?.metadata["feed"] == "unreachable")
    }

    @Test("one pass classifies the items of a feed already fetched while another is still being fetched")
    func workersRunAlongsideTheFetch() async throws {
        defer { server.stop() }
        let feed = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/config/demo/demo-feed.xml"))
        let classified = root + "/classified"
        // Answers only once a result is stored (or after 20 s, under the fetch's 30 s timeout):
        // workers that waited for the whole round would leave it waiting in vain.
        let sawResults = Mutex<Bool?>(nil)
        let slow = try LoopbackHTTPServer { _ in
            let deadline = Date().addingTimeInterval(20)
            var seen = false
            while !seen, Date() < deadline {
                let days = (try? FileManager.default.contentsOfDirectory(atPath: classified)) ?? []
                seen = days.contains { day in
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: classified + "/" + day)) ?? []
                    return names.contains { $0.hasSuffix(".records") }
                }
                if !seen { Thread.sleep(forTimeInterval: 0.02) }
            }
            sawResults.withLock { $0 = seen }
            return HTTPTestResponse.ok(body: feed, contentType: "application/rss+xml")
        }
        defer { slow.stop() }
        let configuration = try configuration(feeds: """
            [[feed]]
            name = "demo"
            url = "\(server.url("/demo.xml"))"
            [[feed]]
            name = "later"
            url = "\(slow.url("/later.xml"))"
            """, timeout: 30)
        let daemon = try Daemon(configuration: configuration, logger: Logger(label: "test") { _ in InMemoryLogHandler() })
        let report = try await daemon.runOnce(now: Date())

        #expect(sawResults.withLock { $0 } == true, "the first feed's items were classified before the round ended")
        #expect(report.feedsFetched == 2)
        #expect(report.itemsEnqueued == 20)
        #expect(report.itemsClassified == 20, "the items of the feed fetched last are drained too")
        let digest = try JSONDecoder.iso8601.decode(
            Digest.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(report.today).json)))
        #expect(digest.itemCount == 20)
    }

    @Test("a second pass sends the validators back, adds nothing and rewrites the same digest")
    func secondPassIsIdempotent() async throws {
        defer { server.stop() }
        let daemon = try Daemon(configuration: try configuration(), logger: Logger(label: "test") { _ in InMemoryLogHandler() })
        let now = Date()
        let first = try await daemon.runOnce(now: now)
        let written = try #require(first.today)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: written.json))

        let second = try await daemon.runOnce(now: now)
        #expect(second.itemsEnqueued == 0)
        #expect(second.feedsUnchanged == 1)
        #expect(server.requests.last?.header("If-None-Match") == "\"demo-v1\"")
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.json)) == bytes)
        let day = URL(fileURLWithPath: written.json).deletingPathExtension().lastPathComponent
        let (classified, unreadable) = ClassifiedStore(directory: root + "/classified").items(day: day)
        #expect(classified.count == 10 && unreadable.isEmpty)
        var stored = 0
        _ = ClassifiedFiles(directory: root + "/classified").forEachRecord(day: day) { _, _ in stored += 1 }
        #expect(stored == 10, "each item stored once, none again by the second run")
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
