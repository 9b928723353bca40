import Classifier
@testable import Digest
import Feed
import Foundation
import Testing
import TestSupport

/// The hand-written reader of stored records must give what `JSONDecoder` gives, or step aside.
@Suite("Records: the fast reader agrees with JSONDecoder")
struct FastDecodingTests {
    /// What `JSONDecoder` makes of `bytes` in the digest view; nil when it refuses them.
    func reference(_ bytes: [UInt8]) -> ClassifiedItem? {
        try? ClassifiedItem.digestDecoder.decode(ClassifiedItem.self, from: Data(bytes))
    }

    static func slimmed(_ item: ClassifiedItem) -> ClassifiedItem {
        var item = item
        item.keepOnlyWhatDigestsUse()
        return item
    }

    @Test("a record read for a digest keeps what digests show and compare, and drops the rest")
    func digestFields() throws {
        let read = try ClassifiedItem.decodeForDigest(try rich.encoded())
        #expect(read.item.id == "rich" && read.item.feed == "wire" && read.item.title == rich.item.title)
        #expect(read.item.link == rich.item.link && read.item.published == rich.item.published)
        #expect(read.feedTitle == rich.feedTitle && read.firstSeen == rich.firstSeen && read.classification.labels == [.provocation])
        #expect(read.classification.evidence == rich.classification.evidence)
        #expect(read.item.guid == nil && read.item.author == nil && read.item.language == nil)
        #expect(read.item.categories.isEmpty && read.item.updated == nil && read.item.dateNote == nil)
        #expect(read.item.summary == nil, "a titled item's summary is not needed")
        var untitled = rich
        untitled.item.title = nil
        let headless = try ClassifiedItem.decodeForDigest(try untitled.encoded())
        #expect(headless.item.summary == rich.item.summary, "it stands in for a missing title")
    }

    /// A full record, with every optional field and the parts the digest view skips.
    var rich: ClassifiedItem {
        var item = DigestFixtures.item(
            "rich", title: "Launch \"confirmed\" / 발사 \u{1F680}\ttab\nline", labels: [.provocation],
            types: [.missileLaunch], severity: 3, actors: ["KP", "JP"], focus: true,
            evidence: [Evidence(type: .missileLaunch, rule: "launch", text: "fired a missile")])
        item.item.updated = item.item.published?.addingTimeInterval(3_600)
        item.item.summary = "Said <b>\\ backslash</b> and \u{0001} control"
        item.item.author = "Desk"
        item.item.categories = ["defence", "asia"]
        item.item.language = "en"
        item.item.dateNote = "no date"
        item.classification.confidence = ["provocation": 0.9]
        item.classification.suppressed = [Evidence(type: .militaryDrill, rule: "future", text: "will hold drills")]
        item.classification.note = "a note"
        item.revision = 2
        item.firstReported = "2024-02-27"
        return item
    }

    @Test("records are written by hand to the bytes JSONEncoder gives them, with and without optional fields")
    func writtenLikeJSONEncoder() throws {
        var event = rich
        event.classification.events = [DetectedEvent(
            type: .missileLaunch, actor: "KP", severity: 3, confidence: 0.75,
            evidence: Evidence(type: .missileLaunch, rule: "launch", text: "fired"))]
        for record in [rich, event, DigestFixtures.item("plain", title: nil, published: false)] {
            #expect(try record.encoded() == (try ClassifiedItem.encoder.encode(record)))
        }
    }

    @Test("records the encoder writes read back the same, through the fast path")
    func encodedRecords() throws {
        let plain = DigestFixtures.item("plain", title: nil, published: false)
        for record in [rich, plain] {
            let bytes = Array(try record.encoded())
            let fast = try #require(ClassifiedItem.fastDigestView(bytes), "the fast path takes what the encoder writes")
            #expect(fast == reference(bytes))
        }
    }

    @Test("hand-written JSON: escapes, surrogate pairs, nulls, unknown keys and white space agree")
    func handWritten() throws {
        let json = """
            { "version" : 1, "extra": {"a": [1, -2.5e3, true, null, {"b": "\\u00e9"}]},
              "item": {"id": "x\\/y", "feed": "wire", "idRule": "guid", "categories": [],
                       "title": "\\ud83d\\ude80 \\"quoted\\" \\u0041\\b\\f\\r", "guid": null, "published": null},
              "feedTitle": "W", "firstSeen": "2024-02-29T23:59:59Z", "day": "2024-03-01", "revision": null, "firstReported": null,
              "classification": {"labels": ["diplomatic"], "types": ["summit"], "actors": [], "focus": false,
                                 "evidence": [], "events": [{"nested": [[[]]]}], "severity": null} }
            """
        let bytes = Array(json.utf8)
        let fast = try #require(ClassifiedItem.fastDigestView(bytes))
        #expect(fast == reference(bytes))
        #expect(fast.item.title == "\u{1F680} \"quoted\" A\u{8}\u{c}\r")
        #expect(fast.firstSeen == Date(timeIntervalSince1970: 1_709_251_199))
    }

    @Test("what the fast path is not sure of goes to JSONDecoder, whose verdict stands")
    func declines() throws {
        let valid = String(decoding: try rich.encoded(), as: UTF8.self)
        let variants = [
            valid.replacingOccurrences(of: "\"version\":1", with: "\"version\":1.0"),
            valid.replacingOccurrences(of: "\"day\"", with: "\"dax\""),
            valid.replacingOccurrences(of: "\"provocation\"]", with: "\"unknown\"]"),
            valid.replacingOccurrences(of: ":00Z\"", with: ":00.250Z\""),
            valid.replacingOccurrences(of: ":00Z\"", with: ":00+09:00\""),
            // Before the Gregorian reform Foundation counts Julian days: 0026-03-04 is two days off.
            valid.replacingOccurrences(of: "\"published\":\"2026", with: "\"published\":\"0026"),
            valid + " x",
            valid.replacingOccurrences(of: "\"focus\":true", with: "\"focus\":1"),
        ]
        for variant in variants {
            let bytes = Array(variant.utf8)
            #expect(ClassifiedItem.fastDigestView(bytes) == nil, "declined: \(variant.prefix(60))")
            #expect((try? ClassifiedItem.decodeForDigest(Data(bytes))) == reference(bytes).map(Self.slimmed))
        }
        var invalidUTF8 = Array(valid.utf8)
        invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "L"))!] = 0xFF
        #expect(ClassifiedItem.fastDigestView(invalidUTF8) == nil)
    }

    @Test("20,000 random corruptions of a record: whatever the fast path accepts, JSONDecoder reads the same", .offPool)
    func corruptions() throws {
        let valid = Array(try rich.encoded())
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for round in 0..<20_000 {
            var bytes = valid
            for _ in 0...(round % 3) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: position)
                default: bytes.insert(Array("\"{}[],:0\\ a".utf8).randomElement(using: &generator)!, at: position)
                }
            }
            guard let fast = ClassifiedItem.fastDigestView(bytes) else { continue }
            accepted += 1
            let expected = reference(bytes)
            #expect(fast == expected, "bytes: \(String(decoding: bytes, as: UTF8.self))")
            if fast != expected { break }
        }
        #expect(accepted > 100, "some corruptions stay valid JSON records (inside strings): \(accepted)")
    }
}
