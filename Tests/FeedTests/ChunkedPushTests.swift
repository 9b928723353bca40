import Feed
import Foundation
import Testing

@Suite("Chunked push")
struct ChunkedPushTests {
    static let fixtures = [
        "rss20.xml", "rss091.xml", "rss092.xml", "rss090.xml", "rdf.xml", "atom10.xml", "atom03.xml", "jsonfeed11.json",
        "cdata-entities.xml", "relative-links.xml", "ids.xml", "dates.xml", "truncated.xml", "billion-laughs.xml",
        "windows-1252.xml", "mislabelled-utf8.xml", "unsupported-encoding.xml", "utf16.xml", "not-a-feed.html",
        "empty.xml",
    ]

    @Test("1-byte and 7-byte chunks give the same document as one push", arguments: fixtures)
    func sameResult(name: String) throws {
        let data = try Fixture.data(name)
        let whole = parse(data, chunkSize: data.count + 1)
        for size in [1, 7] {
            let chunked = parse(data, chunkSize: size)
            #expect(chunked.items == whole.items, "items differ with \(size)-byte chunks")
            #expect(chunked.format == whole.format)
            #expect(chunked.title == whole.title)
            #expect(chunked.errors.map(\.code) == whole.errors.map(\.code), "errors differ with \(size)-byte chunks")
        }
        if !["empty.xml", "not-a-feed.html"].contains(name) { #expect(!whole.items.isEmpty) }
    }

    @Test("push(Data) and push(UnsafeRawBufferPointer) are interchangeable; finish is idempotent")
    func apiVariants() throws {
        let data = try Fixture.data("rss20.xml")
        let parser = FeedParser(feed: "test", documentURL: nil, now: Fixture.now)
        let half = data.count / 2
        parser.push(data.prefix(half))
        data.suffix(from: half).withUnsafeBytes { parser.push($0) }
        let first = parser.finish()
        parser.push(Data("<garbage/>".utf8))
        let second = parser.finish()
        #expect(first.items == second.items)
        #expect(first.items == (try Fixture.parse("rss20.xml")).items)
    }

    private func parse(_ data: Data, chunkSize: Int) -> FeedDocument {
        let parser = FeedParser(feed: "test", now: Fixture.now)
        var offset = 0
        while offset < data.count {
            let end = min(offset + chunkSize, data.count)
            parser.push(data.subdata(in: offset..<end))
            offset = end
        }
        return parser.finish()
    }
}
