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

    @Test("ids first seen long ago are forgotten, recent ones kept")
    func forgetting() {
        var state = FeedState(url: "https://x.example/")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        state.seen = ["old": now.timeIntervalSince1970 - 200 * 86_400, "new": now.timeIntervalSince1970 - 86_400]
        state.forgetSeen(olderThan: 180, now: now)
        #expect(Array(state.seen.keys) == ["new"])
    }
}
