import Feed
import Foundation
import JSONText
import Testing
import TestSupport

/// Feed items are stored in inbox envelopes and classified records by a hand-written writer and
/// read back by a hand-written reader; both must agree with Foundation's coders exactly.
@Suite("Feed items as JSON")
struct FeedItemJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Items with every optional field present or absent at random, and text that needs escaping.
    static func randomItems(count: Int, seed: UInt64) -> [FeedItem] {
        var generator = SplitMix(seed: seed)
        func maybe(_ make: (inout SplitMix) -> String) -> String? {
            Bool.random(using: &generator) ? make(&generator) : nil
        }
        func date() -> Date? {  // from 1653 to 2128
            Bool.random(using: &generator) ? Date(timeIntervalSince1970: .random(in: -1e10...5e9, using: &generator)) : nil
        }
        let rules: [ItemIDRule] = [.guid, .link, .linkAndDate, .titleAndContent]
        return (0..<count).map { index in
            FeedItem(
                id: "item-\(index)", feed: TextSamples.random(using: &generator), idRule: rules[index % rules.count],
                guid: maybe { TextSamples.random(using: &$0) }, title: maybe { TextSamples.random(using: &$0) },
                link: maybe { "https://example.org/" + TextSamples.random(using: &$0) }, published: date(), updated: date(),
                dateNote: maybe { TextSamples.random(using: &$0) }, summary: maybe { TextSamples.random(using: &$0) },
                author: maybe { TextSamples.random(using: &$0) },
                categories: (0..<Int.random(in: 0...3, using: &generator)).map { _ in TextSamples.random(using: &generator) },
                language: maybe { _ in "ko" })
        }
    }

    @Test("the writer gives JSONEncoder's bytes for items with and without each optional field")
    func writerMatchesEncoder() throws {
        for item in Self.randomItems(count: 400, seed: 3) {
            var writer = JSONWriter()
            item.write(to: &writer)
            #expect(writer.bytes == Array(try Self.encoder.encode(item)), "\(item)")
        }
    }

    @Test("the cursor reads back every written item, and refuses one without a required field")
    func cursorReadsWhatWasWritten() throws {
        for item in Self.randomItems(count: 400, seed: 5) {
            var writer = JSONWriter()
            item.write(to: &writer)
            var cursor = JSONCursor(writer.bytes)
            let read = try cursor.feedItem()
            // JSON dates hold whole seconds, the fraction dropped as Foundation drops it.
            let whole = { (date: Date) in Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down)) }
            var expected = item
            expected.published = item.published.map(whole)
            expected.updated = item.updated.map(whole)
            #expect(read == expected)
        }
        var cursor = JSONCursor(Array(#"{"feed":"f","idRule":"guid","categories":[]}"#.utf8))
        #expect(throws: JSONCursor.Mismatch.self) { try cursor.feedItem() }
    }
}
