import Feed
import Foundation
import Testing

@Suite("Broken and hostile documents")
struct RobustnessTests {
    @Test("a truncated document keeps the complete items and reports an error with its line")
    func truncated() throws {
        let document = try Fixture.parse("truncated.xml")
        #expect(document.format == .rss20)
        #expect(document.items.map(\.guid) == ["cut-1", "cut-2"])
        let error = try #require(document.errors.first)
        #expect(error.code == .malformed)
        #expect(error.line != nil)
    }

    @Test("billion laughs finishes fast with an error and without expanding anything")
    func billionLaughs() throws {
        let data = try Fixture.data("billion-laughs.xml")
        let started = ContinuousClock.now
        let document = FeedParser.parse(data, feed: "test", now: Fixture.now)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(!document.errors.isEmpty)
        #expect(document.items.count <= 1)
        #expect(document.items.allSatisfy { ($0.title?.count ?? 0) < 100 && ($0.summary?.count ?? 0) < 100 })
    }

    @Test("entities declared in an internal DTD are not substituted, external ones never loaded")
    func noEntitySubstitution() throws {
        let target = try #require(
            Bundle.module.url(forResource: "rss092", withExtension: "xml", subdirectory: "Fixtures"))
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY inner "EXPANDED"><!ENTITY outer SYSTEM "\(target.absoluteString)">]>
            <rss version="2.0"><channel><item><guid>1</guid><title>a &inner; b &outer; c</title></item></channel></rss>
            """
        let document = FeedParser.parse(Data(xml.utf8), feed: "f")
        #expect(document.items.first?.title == "a b c")
        #expect(!document.errors.isEmpty)
    }

    @Test("nesting deeper than the limit stops with a limit error; earlier items survive")
    func deepNesting() {
        let xml = "<rss><channel><item><guid>kept</guid></item>" + String(repeating: "<x>", count: 400)
            + String(repeating: "</x>", count: 400) + "</channel></rss>"
        let document = FeedParser.parse(Data(xml.utf8), feed: "f")
        #expect(document.items.map(\.guid) == ["kept"])
        #expect(document.errors.contains { $0.code == .limit })
    }

    @Test("text beyond the per-element cap is truncated with an error, parsing continues")
    func textCap() {
        let xml = "<rss><channel><item><guid>1</guid><title>" + String(repeating: "word ", count: 2_000)
            + "</title></item><item><guid>2</guid><title>next</title></item></channel></rss>"
        let parser = FeedParser(feed: "f", limits: FeedParser.Limits(maxTextBytes: 1_000))
        parser.push(Data(xml.utf8))
        let document = parser.finish()
        #expect(document.items.count == 2)
        #expect((document.items[0].title?.utf8.count ?? 0) <= 1_000)
        #expect(document.items[1].title == "next")
        #expect(document.errors.map(\.code) == [.limit])
    }

    @Test("an empty or whitespace-only document is an 'empty' error", arguments: [Data(), Data(" \n\t".utf8)])
    func empty(data: Data) {
        let document = FeedParser.parse(data, feed: "f")
        #expect(document.format == .unknown)
        #expect(document.items.isEmpty)
        #expect(document.errors.map(\.code) == [.empty])
    }

    @Test("the empty fixture file is reported as empty")
    func emptyFixture() throws {
        #expect(try Fixture.parse("empty.xml").errors.map(\.code) == [.empty])
    }

    @Test("an HTML page is not a feed")
    func htmlPage() throws {
        let document = try Fixture.parse("not-a-feed.html")
        #expect(document.format == .unknown)
        #expect(document.items.isEmpty)
        let error = try #require(document.errors.first { $0.code == .notAFeed })
        #expect(error.description == "line 2: not a feed: the root element is <html>")
    }

    @Test("plain text and broken JSON give errors, not crashes")
    func garbage() {
        let text = FeedParser.parse(Data("just some words".utf8), feed: "f")
        #expect(text.items.isEmpty)
        #expect(text.errors.contains { $0.code == .notAFeed })
        let json = FeedParser.parse(Data("{\"items\": [".utf8), feed: "f")
        #expect(json.format == .jsonFeed)
        #expect(json.errors.map(\.code) == [.json])
    }

    @Test("errors are single lines and capped, with a count of the rest")
    func errorCap() {
        let broken = (1...30).map { "<item><guid>\($0)</guid><title>a &bogus\($0); b</title></item>" }.joined()
        let parser = FeedParser(feed: "f", limits: FeedParser.Limits(maxErrors: 3))
        parser.push(Data("<rss><channel>\(broken)</channel></rss>".utf8))
        let document = parser.finish()
        #expect(document.items.count == 30)
        #expect(document.items[0].title == "a b")
        #expect(document.errors.count == 4)
        #expect(document.errors.last?.message == "27 more errors not listed")
        #expect(document.errors.allSatisfy { !$0.description.contains("\n") })
    }

    @Test("entity references after an error are still decoded (libxml2 recover-mode quirk)")
    func referencesAfterError() {
        let xml = "<rss><channel><item><guid>1</guid><title>x &nosuch; y</title></item>"
            + "<item><guid>2</guid><title>A &amp; B &eacute;</title></item></channel></rss>"
        let document = FeedParser.parse(Data(xml.utf8), feed: "f")
        #expect(document.items.map(\.title) == ["x y", "A & B é"])
    }
}
