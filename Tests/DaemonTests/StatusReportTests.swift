import Config
@testable import Daemon
import Fetcher
import Foundation
import Testing
import TestSupport

/// `brinkwatch status` from the files alone: which feeds need an operator, and why.
@Suite("Status report")
struct StatusReportTests {
    @Test("the item counts come from the state files, without reading the remembered ids")
    func countsWithoutIDs() throws {
        let root = ScratchFolder.path("status-counts")
        var text = "[paths]\ninbox = \"inbox\"\nclassified = \"classified\"\ndigests = \"digests\"\nstate = \"state\"\n"
        text += "[[feed]]\nname = \"busy\"\nurl = \"https://busy.example/feed\"\n"
        let configuration = try Configuration.parse(text, file: root + "/brinkwatch.toml")
        let states = FeedStateStore(directory: configuration.paths.state)
        let now = Date(timeIntervalSince1970: 1_772_582_400)
        var busy = FeedState(url: "https://busy.example/feed")
        busy.lastAttempt = now
        busy.lastSuccess = now
        for day in 0..<30 { busy.seen["id\(day)"] = now.timeIntervalSince1970 - Double(day) * 86_400 }
        try states.save(busy, for: "busy")
        // The ids made unreadable (their file's time left older than the state file's, as a file
        // damaged in place would be): the counts must not need them.
        let seenPath = configuration.paths.state + "/feeds/busy.seen"
        try "{ not json".write(toFile: seenPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: seenPath)
        let line = try #require(StatusReport.collect(configuration, now: now).feeds.first)
        #expect(line.itemsSeen == 30)
        #expect(line.itemsLastWeek == 8, "first seen 0 to 7 days before now")
        #expect(line.health == "healthy")
    }

    @Test("problem feeds come first, each with why; a summary line counts every condition")
    func conditionsAtAGlance() throws {
        let root = ScratchFolder.path("status")
        var text = "[paths]\ninbox = \"inbox\"\nclassified = \"classified\"\ndigests = \"digests\"\nstate = \"state\"\n"
        text += "[digest]\ntime_zone = \"UTC\"\n"
        for name in ["a-fine", "b-failing", "c-limited", "d-asleep", "e-fresh"] {
            text += "[[feed]]\nname = \"\(name)\"\nurl = \"https://\(name).example/feed\"\n"
        }
        let configuration = try Configuration.parse(text, file: root + "/brinkwatch.toml")
        let states = FeedStateStore(directory: configuration.paths.state)
        let now = Date(timeIntervalSince1970: 1_772_582_400)  // 2026-03-04 00:00 UTC

        var fine = FeedState(url: "https://a-fine.example/feed")
        fine.lastAttempt = now
        fine.lastSuccess = now
        try states.save(fine, for: "a-fine")
        var failing = FeedState(url: "https://b-failing.example/feed")
        failing.lastAttempt = now
        failing.errorStreak = 3
        failing.lastError = "HTTP 502"
        failing.failingSince = now.addingTimeInterval(-86_400)
        try states.save(failing, for: "b-failing")
        var limited = FeedState(url: "https://c-limited.example/feed")
        limited.lastAttempt = now
        limited.lastError = "HTTP 429"
        limited.rateLimitedUntil = now.addingTimeInterval(3600)
        try states.save(limited, for: "c-limited")
        var asleep = FeedState(url: "https://d-asleep.example/feed")
        asleep.lastAttempt = now
        asleep.dormant = true
        asleep.lastError = "gone (HTTP 410)"
        asleep.failingSince = now.addingTimeInterval(-20 * 86_400)
        try states.save(asleep, for: "d-asleep")

        let report = StatusReport.collect(configuration, now: now)
        #expect(report.feeds.map(\.name) == ["d-asleep", "b-failing", "c-limited", "e-fresh", "a-fine"])
        #expect(report.summary == "5 feeds: 1 healthy, 1 backing off, 1 rate-limited, 1 dormant, 1 new")
        let why = Dictionary(uniqueKeysWithValues: report.feeds.map { ($0.name, $0.reason) })
        #expect(why["b-failing"] == "HTTP 502 since 2026-03-03 00:00; 3 failures in a row")
        #expect(why["c-limited"] == "HTTP 429; the server asked to wait until 2026-03-04 01:00")
        #expect(why["d-asleep"] == "gone (HTTP 410) since 2026-02-12 00:00; probed once a day")
        #expect(why["e-fresh"] == "not fetched yet")
        #expect(why["a-fine"] == .some(nil))

        let table = report.rendered(timeZone: configuration.timeZone)
        #expect(table.hasPrefix("5 feeds: 1 healthy"))
        let lines = table.split(separator: "\n")
        #expect(lines[1].hasPrefix("FEED") && lines[1].hasSuffix("WHY"))
        #expect(lines[2].hasPrefix("d-asleep") && lines[2].contains("probed once a day"))
    }
}
