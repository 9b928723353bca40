import Config
@testable import Daemon
import Fetcher
import Digest
import Feed
import Foundation
import Logging
import Testing
import TestSupport

@Suite("Digest publisher")
struct DigestPublisherTests {
    @Test("a past day rebuilds byte for byte although the feeds' state has changed since")
    func pastDayIsStable() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root)
        let zone = configuration.timeZone
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = DigestDay.of(seen, in: zone)
        let record = ClassifiedItem(
            item: FeedItem(id: "abc", feed: "wire", idRule: .guid, title: "Talks resume"), feedTitle: "Wire",
            firstSeen: seen, day: day, classification: .init()
        )
        try FileManager.default.createDirectory(atPath: root + "/classified/" + day, withIntermediateDirectories: true)
        try record.encoded().write(to: URL(fileURLWithPath: root + "/classified/\(day)/abc.json"))

        let publisher = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let states = FeedStateStore(directory: configuration.paths.state)
        // During the day the feed was failing; the digest says so.
        var state = FeedState(url: "https://news.example/feed")
        state.lastError = "HTTP 503"
        try states.save(state, for: "wire")
        let written = try publisher.rebuild(day, now: seen).written
        let during = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        #expect(String(decoding: during, as: UTF8.self).contains("failing: HTTP 503"))

        // Two days later the day is final, and its digest still says how the feeds stood then.
        _ = try publisher.rebuild(day, now: seen.addingTimeInterval(2 * 86_400))
        let final = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        #expect(String(decoding: final, as: UTF8.self).contains("failing: HTTP 503"))

        // A week later the feed is healthy; rebuilding that day must not rewrite its history.
        state.lastError = nil
        try states.save(state, for: "wire")
        _ = try publisher.rebuild(day, now: seen.addingTimeInterval(7 * 86_400))
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.markdown)) == final)
    }

    @Test("a feed that failed earlier in the day and recovered is shown as recovered, with its error, and stays so")
    func recoveredFeed() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root)
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = DigestDay.of(seen, in: configuration.timeZone)
        try Self.store("Talks resume", id: "abc", at: seen, day: day, root: root)
        let publisher = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration),
                                        logger: Self.quiet)
        let states = FeedStateStore(directory: configuration.paths.state)
        var state = FeedState(url: "https://news.example/feed")
        state.lastError = "HTTP 503"
        try states.save(state, for: "wire")
        _ = try publisher.rebuild(day, now: seen)
        // Recovered an hour later: the day's digest still says the feed failed, and why.
        state.lastError = nil
        try states.save(state, for: "wire")
        let written = try publisher.rebuild(day, now: seen.addingTimeInterval(3600)).written
        let markdown = try String(contentsOfFile: written.markdown, encoding: .utf8)
        #expect(markdown.contains("| wire | 1 | recovered from: HTTP 503 |"), "\(markdown)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: written.json)))
        let feeds = try #require((json as? [String: Any])?["feeds"] as? [[String: Any]])
        #expect(feeds.first?["earlierError"] as? String == "HTTP 503" && feeds.first?["lastError"] == nil)
        // Final, and rebuilt a week on: the same.
        _ = try publisher.rebuild(day, now: seen.addingTimeInterval(2 * 86_400))
        let final = try String(contentsOfFile: written.markdown, encoding: .utf8)
        #expect(final.contains("recovered from: HTTP 503"))
        _ = try publisher.rebuild(day, now: seen.addingTimeInterval(7 * 86_400))
        #expect(try String(contentsOfFile: written.markdown, encoding: .utf8) == final)
    }

    static func configuration(_ root: String, extra: String = "") throws -> Configuration {
        try Configuration.parse("""
            [paths]
            inbox = "inbox"
            classified = "classified"
            digests = "digests"
            state = "state"
            [[feed]]
            name = "wire"
            url = "https://news.example/feed"
            """ + extra, file: root + "/brinkwatch.toml")
    }

    static func store(_ title: String, id: String, at time: Date, day: String, root: String) throws {
        let record = ClassifiedItem(
            item: FeedItem(id: id, feed: "wire", idRule: .guid, title: title, published: time), feedTitle: "Wire",
            firstSeen: time, day: day, classification: .init()
        )
        try FileManager.default.createDirectory(atPath: root + "/classified/" + day, withIntermediateDirectories: true)
        try record.encoded().write(to: URL(fileURLWithPath: root + "/classified/\(day)/\(id).json"))
    }

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func isFinal(_ path: String) throws -> Bool {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require((object as? [String: Any])?["final"] as? Bool)
    }

    @Test("a day is provisional until its grace period ends, then written once more, final, and put in the feed")
    func finalisation() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root, extra: "\n[digest]\ngrace_hours = 6\n")
        let calendar = DigestCalendar(timeZone: configuration.timeZone, graceHours: 6)
        let seen = Date(timeIntervalSince1970: 1_772_582_400)  // 2026-03-04 09:00 in Seoul
        let day = calendar.day(of: seen)
        try Self.store("Talks resume", id: "a", at: seen, day: day, root: root)
        let publisher = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration), logger: Self.quiet)
        publisher.markDirty(day)

        let first = publisher.flush(now: seen)
        #expect(first.map(\.json) == [root + "/digests/\(day).json"])
        #expect(try Self.isFinal(first[0].json) == false)
        #expect(try String(contentsOfFile: first[0].markdown, encoding: .utf8).contains("Provisional"))
        let closing = try #require(calendar.closing(of: day))
        #expect(publisher.flush(now: closing.addingTimeInterval(-1)).count <= 1, "only the new day, if any")
        #expect(try Self.isFinal(first[0].json) == false, "still open one second before the grace period ends")

        let last = publisher.flush(now: closing.addingTimeInterval(1))
        #expect(last.contains { $0.json.hasSuffix("/\(day).json") })
        #expect(try Self.isFinal(first[0].json))
        #expect(try !String(contentsOfFile: first[0].markdown, encoding: .utf8).contains("Provisional"))
        let atom = try String(contentsOfFile: root + "/digests/digest.atom", encoding: .utf8)
        #expect(atom.components(separatedBy: "<entry>").count == 2, "one final day, one entry")
        #expect(atom.contains("brinkwatch digest for \(day)"))
        #expect(!publisher.flush(now: closing.addingTimeInterval(60)).contains { $0.json.hasSuffix("/\(day).json") },
                "a final day is not written again")
    }

    @Test("a day with no items still gets its digest, and one left provisional by an earlier run is finalised")
    func emptyDayAndLeftOpen() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root)
        let calendar = DigestCalendar(timeZone: configuration.timeZone, graceHours: configuration.digest.graceHours)
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = calendar.day(of: seen)
        let written = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration), logger: Self.quiet).flush(now: seen)
        #expect(written.map(\.json) == [root + "/digests/\(day).json"], "today is written with no item at all")
        #expect(try Self.isFinal(written[0].json) == false)

        // The process stops; a new one starts two days later and closes the day it left open.
        let later = seen.addingTimeInterval(2 * 86_400)
        let next = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration), logger: Self.quiet).flush(now: later)
        #expect(next.contains { $0.json.hasSuffix("/\(day).json") })
        #expect(try Self.isFinal(written[0].json))
    }

    @Test("a rebuild refuses to replace a digest whose classified items the retention removed")
    func rebuildKeepsPurgedDigest() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root)
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = DigestDay.of(seen, in: configuration.timeZone)
        try Self.store("Talks resume", id: "a", at: seen, day: day, root: root)
        let rebuilder = try DigestRebuilder(configuration: configuration, logger: Self.quiet)
        let written = try rebuilder.rebuild(day, now: seen)
        let before = try Data(contentsOf: URL(fileURLWithPath: written.markdown))
        try FileManager.default.removeItem(atPath: root + "/classified/" + day)
        #expect(throws: DaemonError.self) { try rebuilder.rebuild(day, now: seen) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.markdown)) == before)
    }

    @Test("digest retention removes both files of old days and keeps the recent ones")
    func digestRetention() throws {
        let root = ScratchFolder.path("publisher")
        let configuration = try Self.configuration(root, extra: "\n[retention]\ndigest_days = 30\n")
        let folder = root + "/digests"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["2026-01-01.md", "2026-01-01.json", "2026-03-01.md", "2026-03-01.json", "digest.atom"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let now = Date(timeIntervalSince1970: 1_772_582_400)  // 2026-03-04
        let purge = try RetentionPurge(configuration: configuration)
        #expect(try purge.run(now: now, dryRun: true).digests == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/2026-01-01.md"), "a dry run removes nothing")
        #expect(try purge.run(now: now).digests == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == ["2026-03-01.json", "2026-03-01.md", "digest.atom"])
    }
}

/// Processes on one configuration rebuild a day one at a time (from reading the records to
/// writing the files), so that a rebuild from an older reading is never written last.
@Suite("Digest rebuilds between processes")
struct DigestRebuildLockTests {
    @Test("a rebuild waits while another process holds the rebuild lock, then reads the records as they are then")
    func rebuildWaitsForTheLock() throws {
        let root = ScratchFolder.path("publisher-lock")
        let configuration = try DigestPublisherTests.configuration(root)
        let seen = Date(timeIntervalSince1970: 1_772_582_400)
        let day = DigestDay.of(seen, in: configuration.timeZone)
        try DigestPublisherTests.store("Talks resume", id: "abc", at: seen, day: day, root: root)
        let publisher = DigestPublisher(configuration: configuration, storage: try Storage.files(configuration),
                                        logger: DigestPublisherTests.quiet)

        // Another open file description, as another process's would be: flock tells them apart.
        try FileManager.default.createDirectory(atPath: configuration.paths.state, withIntermediateDirectories: true)
        let other = open(configuration.paths.state + "/" + DigestPublisher.lockName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(other >= 0)
        defer { close(other) }
        try #require(flock(other, LOCK_EX) == 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? publisher.rebuild(day, now: seen)
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut, "the rebuild waits for the lock")
        let json = configuration.paths.digests + "/" + day + ".json"
        #expect(!FileManager.default.fileExists(atPath: json), "nothing written meanwhile")
        // What the other process stored while holding the lock is in the rebuild that follows.
        try DigestPublisherTests.store("Envoys arrive", id: "def", at: seen, day: day, root: root)
        flock(other, LOCK_UN)
        #expect(done.wait(timeout: .now() + 30) == .success)
        let digest = try String(contentsOfFile: json, encoding: .utf8)
        #expect(digest.contains("\"itemCount\" : 2") || digest.contains("\"itemCount\":2"), "\(digest.prefix(300))")
    }
}
