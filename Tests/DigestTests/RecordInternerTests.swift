import Classifier
@testable import Digest
import Foundation
import Testing

/// Records read for a digest share the storage of their repeated fields, and keep their values.
@Suite("Records share their repeated fields")
struct RecordInternerTests {
    private static func record(_ id: String, feed: String) -> ClassifiedItem {
        // Decoded apart, as a day's records are: no storage in common to begin with.
        var record = DigestFixtures.item(
            id, feed: String(feed), title: "Launch \(id)", labels: [.provocation], types: [.missileLaunch],
            actors: ["Democratic People's Republic of Korea \(feed.count)", "Japan"],
            evidence: [Evidence(type: .missileLaunch, rule: "missile_launch.fired_missile", text: "fired a ballistic missile")])
        record.feedTitle = "The long title of the feed " + feed
        return try! ClassifiedItem.decode(try! record.encoded())
    }

    private static func address(_ string: String) -> UnsafeRawPointer? {
        var copy = string
        return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    private static func address<Element>(_ array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("equal titles, actors, labels, types and evidence end up stored once; values are unchanged")
    func sharesEqualFields() {
        let originals = [Self.record("a1", feed: "a-long-feed-name-one"), Self.record("b2", feed: "a-long-feed-name-one"),
                         Self.record("c3", feed: "another-long-feed-name")]
        var records = originals
        #expect(Self.address(records[0].feedTitle) != Self.address(records[1].feedTitle), "apart before")
        var interner = RecordInterner()
        for index in records.indices { interner.share(&records[index]) }
        #expect(records == originals, "sharing changes no value")
        let (a, b, c) = (records[0], records[1], records[2])
        #expect(Self.address(a.feedTitle) == Self.address(b.feedTitle))
        #expect(Self.address(a.item.feed) == Self.address(b.item.feed))
        #expect(Self.address(a.classification.actors) == Self.address(b.classification.actors))
        #expect(Self.address(a.classification.labels) == Self.address(c.classification.labels))
        #expect(Self.address(a.classification.types) == Self.address(c.classification.types))
        #expect(Self.address(a.classification.evidence) == Self.address(c.classification.evidence))
        #expect(Self.address(a.feedTitle) != Self.address(c.feedTitle), "different values stay apart")
        #expect(Self.address(a.classification.actors) != Self.address(c.classification.actors))
    }
}
