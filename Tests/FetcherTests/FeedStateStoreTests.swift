import Durable
@testable import Fetcher
import Foundation
import Testing
import TestSupport

@Suite("Feed state")
struct FeedStateStoreTests {
    let store = FeedStateStore(directory: ScratchFolder.path("state"))

    @Test("state survives a save and a load unchanged")
    func roundTrip() throws {
        var state = FeedState(url: "https://news.example/feed")
        state.etag = "\"v1\""
        state.lastModified = "Tue, 03 Mar 2026 10:00:00 GMT"
        state.errorStreak = 2
        state.seen = ["abc": 1_772_582_400]
        try store.save(state, for: "wire")
        #expect(try store.load("wire") == state)
        #expect(try store.load("absent") == nil)
    }

    @Test("states saved together are each stored whole and replace the earlier ones")
    func saveAllTogether() throws {
        try store.save(FeedState(url: "https://old.example/"), for: "a")
        let states = (0..<5).map { index -> (feed: String, state: FeedState) in
            var state = FeedState(url: "https://\(index).example/")
            state.errorStreak = index
            return (index == 0 ? "a" : "f\(index)", state)
        }
        let outcomes = store.saveAll(states)
        #expect(outcomes.count == 5)
        for (outcome, entry) in zip(outcomes, states) {
            if case .failure(let error) = outcome { Issue.record("\(entry.feed): \(error)") }
            #expect(try store.load(entry.feed) == entry.state)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no staging file is left behind")
    }

    @Test("a corrupt state file is an error that names the file, not a crash")
    func corruptFile() throws {
        try store.save(FeedState(url: "https://x.example/"), for: "bad")
        try "{ not json".write(toFile: store.directory + "/bad.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try store.load("bad") }
        #expect("\(error!)".contains("bad.json"))
    }

    @Test("random states, with any text in their ids, come back equal, saved one by one or together")
    func randomRoundTrips() throws {
        // Dates are stored to the second, as JSONEncoder's ISO 8601 writes them.
        let states = try FeedStateJSONTests.randomStates(count: 40, seed: 7).map {
            try FeedStateStore.decode(try FeedStateStore.encode($0))
        }
        for (index, state) in states.enumerated() { try store.save(state, for: "one\(index)") }
        let together = states.enumerated().map { (feed: "all\($0.offset)", state: $0.element) }
        for outcome in store.saveAll(together) { try outcome.get() }
        for (index, state) in states.enumerated() {
            #expect(try store.load("one\(index)") == state)
            #expect(try store.load("all\(index)") == state)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no staging file is left behind")
    }

    @Test("a seen file reads the same by the fast line reader as by the JSON reader, for any text in its ids")
    func seenFileReaders() throws {
        for state in FeedStateJSONTests.randomStates(count: 60, seed: 11) {
            let bytes = try state.seenFile()
            var fast = FeedState(url: "u")
            try fast.adoptSeenFile(bytes)
            // One space after the opening brace: the line reader declines, the JSON reader reads.
            var slow = FeedState(url: "u")
            try slow.adoptSeenFile([UInt8(ascii: "{"), UInt8(ascii: " ")] + bytes.dropFirst())
            #expect(fast.seen == state.seen && fast.fingerprints == state.fingerprints && fast.revisions == state.revisions)
            #expect(slow.seen == state.seen && slow.fingerprints == state.fingerprints && slow.revisions == state.revisions)
        }
        var empty = FeedState(url: "u")
        empty.seen = ["x": 1]
        try empty.adoptSeenFile(try FeedState(url: "u").seenFile())
        #expect(empty.seen.isEmpty)
    }

    @Test("remembered items live in a seen file of their own, rewritten only when they change")
    func seenFileWrittenOnChange() throws {
        var state = FeedState(url: "https://busy.example/feed")
        for index in 0..<500 {
            let id = String(format: "%032x", index * 7919)
            state.seen[id] = 1_772_582_400 + Double(index)
            state.fingerprints[id] = String(format: "%016x", index)
        }
        state.revisions[String(format: "%032x", 0)] = 3
        let lines = try #require(FeedState.readSeenLines(try state.seenFile()), "plain ids take the fast reader")
        #expect(lines.seen == state.seen && lines.fingerprints == state.fingerprints && lines.revisions == state.revisions)
        try store.save(state, for: "busy")
        let head = try String(contentsOfFile: store.directory + "/busy.json", encoding: .utf8)
        #expect(!head.contains("\"seen\"") && !head.contains("fingerprints") && !head.contains(String(format: "%032x", 7919)),
                "the state file says nothing of the items")
        let seenPath = store.directory + "/busy.seen"
        let first = try inode(seenPath)
        #expect(try store.load("busy") == state)

        // A 304: the schedule moves, the items stay; the seen file is left as it is, whether the
        // state was read back (its items unchanged since) or its items were rewritten the same.
        var loaded = try #require(try store.load("busy"))
        #expect(!loaded.itemsChanged)
        loaded.nextCheck = Date(timeIntervalSince1970: 1_772_600_000)
        loaded.lastStatus = 304
        try store.save(loaded, for: "busy")
        state.nextCheck = loaded.nextCheck
        state.lastStatus = 304
        state.seen = state.seen  // marked as changed, but the same
        #expect(state.itemsChanged)
        for outcome in store.saveAll([(feed: "busy", state: state), (feed: "other", state: FeedState(url: "https://o.example/"))]) {
            try outcome.get()
        }
        #expect(try inode(seenPath) == first, "unchanged items are not written again")
        #expect(try store.load("busy") == state)

        // An update changes one fingerprint: the seen file is replaced.
        state.fingerprints[String(format: "%032x", 7919)] = "changed"
        try store.save(state, for: "busy")
        #expect(try inode(seenPath) != first)
        #expect(try store.load("busy") == state)
        #expect(!FileManager.default.fileExists(atPath: store.directory + "/other.seen"), "nothing to remember, no file")
    }

    @Test("a state file of an earlier release keeps its items until the first save moves them to a seen file")
    func earlierReleaseStateFile() throws {
        var state = FeedState(url: "https://old.example/feed")
        state.etag = "\"e\""
        state.seen = ["a": 1_700_000_000, "b": 1_700_000_100.25]
        state.fingerprints = ["a": "f1"]
        state.revisions = ["a": 2]
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        let old = try FeedStateStore.encoder.encode(state)
        #expect(String(decoding: old, as: UTF8.self).contains("\"seen\""))
        try old.write(to: URL(fileURLWithPath: store.directory + "/old.json"))
        let fromOld = try #require(try store.load("old"))
        #expect(fromOld == state)
        #expect(fromOld.itemsChanged, "items still inside the state file are yet to be moved")
        try store.save(fromOld, for: "old")
        #expect(FileManager.default.fileExists(atPath: store.directory + "/old.seen"))
        #expect(!(try String(contentsOfFile: store.directory + "/old.json", encoding: .utf8)).contains("\"seen\""))
        #expect(try store.load("old") == state)
    }

    @Test("a summary reads the state file alone, and is saved as the state file alone, the seen file untouched")
    func summaries() throws {
        var state = FeedState(url: "https://x.example/")
        state.etag = "\"v\""
        state.nextCheck = Date(timeIntervalSince1970: 1_772_600_000)
        state.seen = ["a": 1_772_000_000, "b": 1_772_000_000, "c": 1_771_000_000, "d": 1_760_000_000.25]
        try store.save(state, for: "s")
        // Damaged in place, its time left older than the state file's (a newer one means a save
        // stopped between the two files, which the next test covers).
        try "{ not json".write(toFile: store.directory + "/s.seen", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: store.directory + "/s.seen")
        #expect(throws: (any Error).self) { try store.load("s") }
        var summary = try #require(try store.loadSummary("s"), "the seen file is not read")
        #expect(summary.etag == state.etag && summary.nextCheck == state.nextCheck)
        #expect(summary.seen.isEmpty && summary.itemsOmitted && !state.itemsOmitted && summary.savableWithoutItems)
        #expect(summary.rememberedIDs == 4 && state.rememberedIDs == 4)
        for day in [1_772_000_000.0, 1_772_300_000, 1_772_604_000, 1_772_605_000, 1_773_000_000] {
            let now = Date(timeIntervalSince1970: day)
            #expect(summary.itemsInLastWeek(now: now) == state.itemsInLastWeek(now: now), "the week before \(day)")
        }
        summary.lastStatus = 304
        summary.nextCheck = Date(timeIntervalSince1970: 1_772_700_000)
        try store.save(summary, for: "s")
        #expect(try String(contentsOfFile: store.directory + "/s.seen", encoding: .utf8) == "{ not json", "left as it was")
        let again = try #require(try store.loadSummary("s"))
        #expect(again.lastStatus == 304 && again.nextCheck == summary.nextCheck)
        #expect(again.itemsInLastWeek(now: Date(timeIntervalSince1970: 1_772_604_000)) == 2, "the sightings kept")
        #expect(again.rememberedIDs == 4, "and the count of ids")
        #expect(try store.loadSummary("absent") == nil)
    }

    @Test("a seen file newer than its state file (a crash between the two writes) makes the summary unsavable")
    func seenFileNewerThanState() throws {
        var state = FeedState(url: "https://x.example/")
        state.seen = ["a": 1_772_000_000]
        try store.save(state, for: "s")
        #expect(try store.loadSummary("s")?.savableWithoutItems == true)
        let earlier = Date().addingTimeInterval(-60)
        try FileManager.default.setAttributes([.modificationDate: earlier], ofItemAtPath: store.directory + "/s.json")
        let summary = try #require(try store.loadSummary("s"))
        #expect(!summary.savableWithoutItems, "its record of the week's sightings may be older than the seen file")
        #expect(throws: (any Error).self) { try store.save(summary, for: "s") }
    }

    @Test("a summary whose items were changed, or whose state file holds them itself, is never saved")
    func unsavableSummaries() throws {
        var state = FeedState(url: "https://x.example/")
        state.seen = ["a": 1_772_000_000]
        try store.save(state, for: "s")
        var touched = try #require(try store.loadSummary("s"))
        touched.seen["b"] = 1_772_000_100
        #expect(!touched.savableWithoutItems)
        #expect(throws: (any Error).self) { try store.save(touched, for: "s") }
        #expect(store.saveAll([(feed: "s", state: touched), (feed: "t", state: state)]).contains { (try? $0.get()) == nil })
        #expect(try store.load("s") == state, "nothing changed")

        // An earlier release's state file, its items inside: only a whole save moves them out.
        try FeedStateStore.encoder.encode(state).write(to: URL(fileURLWithPath: store.directory + "/old.json"))
        let old = try #require(try store.loadSummary("old"))
        #expect(old.itemsOmitted && !old.savableWithoutItems)
        #expect(throws: (any Error).self) { try store.save(old, for: "old") }
        #expect(try store.load("old") == state)
    }

    @Test("after a crash between the two files, the seen file wins over items left in the state file")
    func seenFileWins() throws {
        var earlier = FeedState(url: "https://x.example/")
        earlier.seen = ["a": 1_700_000_000]
        var later = earlier
        later.seen["b"] = 1_700_000_500
        later.fingerprints = ["b": "fb"]
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        try FeedStateStore.encoder.encode(earlier).write(to: URL(fileURLWithPath: store.directory + "/x.json"))
        try Data(try later.seenFile()).write(to: URL(fileURLWithPath: store.directory + "/x.seen"))
        let loaded = try #require(try store.load("x"))
        #expect(loaded.seen == later.seen && loaded.fingerprints == later.fingerprints)
    }

    @Test("a corrupt seen file is an error that names the file, not a crash", arguments: [
        "{ not json", #"{"version":9,"items":[]}"#, #"{"version":1,"items":[["a",1,null]]}"#,
        #"{"version":1,"items":[["a",1,null,null,5]]}"#, #"{"items":[]}"#,
    ])
    func corruptSeenFile(text: String) throws {
        var state = FeedState(url: "https://x.example/")
        state.seen = ["a": 1]
        try store.save(state, for: "bad")
        try text.write(toFile: store.directory + "/bad.seen", atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try store.load("bad") }
        #expect("\(error!)".contains("bad.seen"))
    }

    @Test("a missing seen file, when the state file records remembered ids, is damage that says so; a feed that remembers none needs no seen file")
    func missingSeenFile() throws {
        var state = FeedState(url: "https://x.example/")
        state.seen = ["a": 1, "b": 2]
        try store.save(state, for: "lost")
        try FileManager.default.removeItem(atPath: store.directory + "/lost.seen")
        let error = #expect(throws: FileError.self) { try store.load("lost") }
        #expect(error?.code == .invalid, "damage: the feed starts afresh, with an error line")
        #expect("\(error!)".contains("lost.seen") && "\(error!)".contains("2 remembered ids"))

        try store.save(FeedState(url: "https://y.example/"), for: "quiet")
        #expect(!FileManager.default.fileExists(atPath: store.directory + "/quiet.seen"))
        #expect(try store.load("quiet")?.url == "https://y.example/")
    }

    private func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    @Test("ids first seen long ago are forgotten, recent ones kept")
    func forgetting() {
        var state = FeedState(url: "https://x.example/")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        state.seen = ["old": now.timeIntervalSince1970 - 200 * 86_400, "new": now.timeIntervalSince1970 - 86_400]
        state.forgetSeen(olderThan: 180, now: now)
        #expect(Array(state.seen.keys) == ["new"])

        state.seen["old"] = now.timeIntervalSince1970 - 200 * 86_400
        state.forgetSeen(olderThan: 180, now: now, keeping: ["old"])
        #expect(Set(state.seen.keys) == ["old", "new"], "an id the feed still lists is kept")
    }
}
