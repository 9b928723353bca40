import Config
@testable import Daemon
import Fetcher
import Digest
import Feed
import Foundation
import Logging
import Testing

@Suite("Digest publisher")
struct DigestPublisherTests {
    @Test("a past day rebuilds byte for byte although the feeds' state has changed since")
    func pastDayIsStable() throws {
        let root = NSTemporaryDirectory() + "publisher-\(UUID().uuidString)"
        let configuration = try Configuration.parse("""
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            [[feed]]
            name = "wire"
            url = "https://news.example/feed"
            """, file: root + "/brinkwatch.toml")
        let zone = configuration.timeZone
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = DigestDay.of(seen, in: zone)
        let record = ClassifiedItem(
            item: FeedItem(id: "abc", feed: "wire", idRule: .guid, title: "Talks resume"), feedTitle: "Wire",
            firstSeen: seen, day: day, classification: .init()
        )
        try FileManager.default.createDirectory(atPath: root + "/classified/" + day, withIntermediateDirectories: true)
        try record.encoded().write(to: URL(fileURLWithPath: root + "/classified/\(day)/abc.json"))

        let publisher = DigestPublisher(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let states = FeedStateStore(directory: configuration.paths.state)
        // During the day the feed was failing; the digest says so.
        var state = FeedState(url: "https://news.example/feed")
        state.lastError = "HTTP 503"
        try states.save(state, for: "wire")
        let written = try publisher.rebuild(day, now: seen)
        let during = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        #expect(String(decoding: during, as: UTF8.self).contains("failing: HTTP 503"))

        // A week later the feed is healthy; rebuilding that day must not rewrite its history.
        state.lastError = nil
        try states.save(state, for: "wire")
        _ = try publisher.rebuild(day, now: seen.addingTimeInterval(7 * 86_400))
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.markdown)) == during)
    }
}
