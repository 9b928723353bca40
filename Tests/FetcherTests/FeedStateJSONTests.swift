@testable import Fetcher
import Foundation
import Testing
import TestSupport

/// Feed states are saved after every fetch and read before the next, by hand; what is written
/// must be what `JSONEncoder` wrote (an operator may read it), and what is read what
/// `JSONDecoder` reads, for the states earlier releases left too.
@Suite("Feed states as JSON")
struct FeedStateJSONTests {
    static func randomStates(count: Int, seed: UInt64) -> [FeedState] {
        var generator = SplitMix(seed: seed)
        func text() -> String { TextSamples.random(using: &generator) }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &generator) ? make() : nil }
        func date() -> Date { Date(timeIntervalSince1970: .random(in: 1e9...2e9, using: &generator)) }
        return (0..<count).map { _ in
            var state = FeedState(url: "https://example.org/" + text())
            state.configuredURL = maybe(text)
            state.etag = maybe(text)
            state.lastModified = maybe(text)
            state.bodySHA256 = maybe(text)
            state.earlierBodies = (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() }
            state.lastAttempt = maybe(date)
            state.lastSuccess = maybe(date)
            state.lastStatus = maybe { Int.random(in: 100...599, using: &generator) }
            state.lastError = maybe(text)
            state.errorStreak = Int.random(in: 0...40, using: &generator)
            state.failingSince = maybe(date)
            state.dormant = Bool.random(using: &generator)
            state.rateLimitedUntil = maybe(date)
            state.interval = maybe { [600, 1_800.5, Double.random(in: 60...86_400, using: &generator)].randomElement(using: &generator)! }
            state.nextCheck = maybe(date)
            for index in 0..<Int.random(in: 0...30, using: &generator) {
                let id = "item\(index)-" + text()
                state.seen[id] = Bool.random(using: &generator)
                    ? Double(Int.random(in: 1_000_000_000...2_000_000_000, using: &generator))
                    : Double.random(in: 1e9...2e9, using: &generator)
                if Bool.random(using: &generator) { state.fingerprints[id] = text() }
                if Bool.random(using: &generator) { state.revisions[id] = Int.random(in: 1...9, using: &generator) }
            }
            return state
        }
    }

    func reference(_ bytes: [UInt8]) throws -> FeedState {
        try FeedStateStore.decoder.decode(FeedState.self, from: Data(bytes))
    }

    @Test("a state is written by hand to the bytes JSONEncoder lays out, and read back as JSONDecoder reads it")
    func roundTrip() throws {
        for state in Self.randomStates(count: 300, seed: 21) {
            let bytes = try FeedStateStore.encode(state)
            #expect(bytes == Array(try FeedStateStore.encoder.encode(state)), "\(state)")
            #expect(FeedState.read(bytes) != nil, "the hand-written reader takes what was written")
            #expect(try FeedStateStore.decode(bytes) == (try reference(bytes)))
        }
    }

    @Test("a state from an earlier release, with keys missing and nulls, reads as JSONDecoder reads it")
    func earlierStates() throws {
        let texts = [
            #"{"url": "https://example.org/a"}"#,
            #"{"url": "u", "etag": null, "errorStreak": null, "dormant": null, "seen": null, "interval": 900, "later": {"x": [1, 2.5e3]}}"#,
            #"{"version": 2, "url": "u", "seen": {"a": 1764450052, "b": 1.7644500525e9}, "lastSuccess": "2026-11-29T21:00:52Z"}"#,
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            #expect(FeedState.read(bytes) != nil, "\(text)")
            #expect(try FeedStateStore.decode(bytes) == (try reference(bytes)), "\(text)")
        }
    }

    @Test("what the hand-written reader is unsure of goes to JSONDecoder, and what it refuses is refused")
    func unsure() throws {
        let unsure = [
            #"{"url": "u", "seen": {"a": 1, "a": 2}}"#,  // a key twice
            #"{"url": "a", "url": "b"}"#,  // JSONDecoder keeps the first
            #"{"url": "u", "seen": {"x": 1e-400}}"#,  // too small for anything but zero
            #"{"url": "u", "lastSuccess": "2026-11-29T21:00:52.5Z"}"#,  // not the stored date form
            #"{"url": "u", "interval": 1e999}"#,  // too large
        ]
        for text in unsure {
            let bytes = Array(text.utf8)
            #expect(FeedState.read(bytes) == nil, "\(text)")
            #expect((try? FeedStateStore.decode(bytes)) == (try? reference(bytes)), "\(text)")
        }
        for text in [#"{"etag": "x"}"#, #"{"url": 1}"#, #"{"url": "u""#, ""] {
            #expect(throws: (any Error).self, "\(text)") { try FeedStateStore.decode(Array(text.utf8)) }
        }
    }
}
