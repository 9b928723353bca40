import Feed
@testable import Fetcher
import Foundation
import Testing

/// The fetcher writes an envelope per new item and each worker reads it back: both by hand,
/// both held to Foundation's coders, which wrote the envelopes already in an inbox.
@Suite("Inbox envelopes")
struct InboxEnvelopeTests {
    static let fetchedAt = Date(timeIntervalSince1970: 1_764_450_052)

    static func envelope(rich: Bool) -> InboxEnvelope {
        var item = FeedItem(id: "0123456789abcdef0123456789abcdef", feed: "wire", idRule: .guid)
        if rich {
            item.guid = "urn:x/1"
            item.title = "Launch \"confirmed\" / 발사 \u{1}"
            item.link = "https://example.org/a?b=c"
            item.published = fetchedAt.addingTimeInterval(-3_600.5)
            item.updated = fetchedAt
            item.summary = "line\nbreak\ttab \\ backslash"
            item.author = "Desk"
            item.categories = ["defence", "asia"]
            item.language = "ko"
            item.dateNote = "date in the future"
        }
        var envelope = InboxEnvelope(
            feedTitle: rich ? "Wire \"news\"" : "", firstSeen: fetchedAt.addingTimeInterval(0.25), item: item,
            provenance: .init(
                requestedURL: "http://127.0.0.1/feed.xml", effectiveURL: "https://example.org/feed.xml", status: 200,
                fetchedAt: fetchedAt, bodySHA256: String(repeating: "ab", count: 32), format: "rss20",
                parser: "brinkwatch 0.1.0"))
        if rich { envelope.revision = 2 }
        return envelope
    }

    @Test("an envelope is written by hand to the bytes JSONEncoder gives it")
    func writtenLikeJSONEncoder() throws {
        for rich in [true, false] {
            let envelope = Self.envelope(rich: rich)
            #expect(envelope.encoded() == Array(try InboxEnvelope.encoder.encode(envelope)))
        }
    }

    @Test("an envelope reads back as JSONDecoder reads it, by hand or, for what the cursor is unsure of, by JSONDecoder")
    func readLikeJSONDecoder() throws {
        let reference = { (bytes: [UInt8]) in try InboxEnvelope.decoder.decode(InboxEnvelope.self, from: Data(bytes)) }
        for rich in [true, false] {
            let bytes = Self.envelope(rich: rich).encoded()
            #expect(try InboxEnvelope.decode(bytes) == (try reference(bytes)))
        }
        // Pretty-printed, with a key of a later version and an explicit null: still read alike.
        let spaced = Array("""
            { "version" : 1, "feedTitle" : "W", "firstSeen" : "2026-11-29T21:00:52Z", "later" : [1, {"x": null}],
              "revision" : null,
              "item" : { "id" : "i", "feed" : "f", "idRule" : "link", "categories" : [ ], "title" : null },
              "provenance" : { "requestedURL" : "u", "effectiveURL" : "v", "status" : 304,
                "fetchedAt" : "2026-11-29T21:00:52Z", "bodySHA256" : "", "format" : "atom10", "parser" : "p" } }
            """.utf8)
        #expect(try InboxEnvelope.decode(spaced) == (try reference(spaced)))
        // A date before the Gregorian reform is Foundation's to read.
        var old = Self.envelope(rich: false)
        old.item.published = Date(timeIntervalSince1970: -20_000_000_000)
        let oldBytes = old.encoded()
        #expect(try InboxEnvelope.decode(oldBytes) == (try reference(oldBytes)))
        // A key given twice: JSONDecoder keeps the first value, and so does decode.
        let twice = Array(String(decoding: Self.envelope(rich: true).encoded(), as: UTF8.self)
            .replacingOccurrences(of: #"{"feedTitle":"#, with: #"{"feedTitle":"first","feedTitle":"#).utf8)
        #expect(try InboxEnvelope.decode(twice) == (try reference(twice)))
        #expect(try InboxEnvelope.decode(twice).feedTitle == "first")
        // What JSONDecoder refuses is refused.
        let broken = Array(Self.envelope(rich: true).encoded().dropLast())
        #expect(throws: (any Error).self) { try InboxEnvelope.decode(broken) }
        var missing = Self.envelope(rich: false)
        missing.feedTitle = "x"
        let withoutStatus = Array(String(decoding: missing.encoded(), as: UTF8.self)
            .replacingOccurrences(of: #","status":200"#, with: "").utf8)
        #expect(throws: (any Error).self) { try InboxEnvelope.decode(withoutStatus) }
    }
}
