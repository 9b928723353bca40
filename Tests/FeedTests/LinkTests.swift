@testable import Feed
import Foundation
import Testing

@Suite("Links")
struct LinkTests {
    static let documentURL = "https://doc.example.com/feeds/main.xml"

    @Test("relative links resolve against the document URL, fragment kept")
    func documentRelative() throws {
        let document = try Fixture.parse("relative-links.xml", documentURL: Self.documentURL)
        #expect(document.link == "https://doc.example.com/home")
        #expect(document.items[0].link == "https://doc.example.com/feeds/stories/one.html#section-2")
    }

    @Test("xml:base on an item takes precedence over the document URL; tracking parameters dropped")
    func xmlBase() throws {
        let document = try Fixture.parse("relative-links.xml", documentURL: Self.documentURL)
        #expect(document.items[1].link == "https://mirror.example.org/two.html?id=7")
    }

    @Test("absolute links are trimmed and cleaned, other parameters and the fragment stay")
    func absolute() throws {
        let document = try Fixture.parse("relative-links.xml", documentURL: Self.documentURL)
        #expect(document.items[2].link == "https://other.example.net/path?page=2#top")
        #expect(try Fixture.parse("rss20.xml").items[0].link
            == "https://news.example.com/world/2031/kestrel-shoal-flares?ref=front")
    }

    @Test("non-http schemes are dropped; atom:link stands in for a missing RSS link")
    func schemesAndAtomLink() throws {
        let document = try Fixture.parse("relative-links.xml", documentURL: Self.documentURL)
        #expect(document.items[3].link == nil)
        #expect(document.items[4].link == "https://doc.example.com/from-atom-link")
    }

    @Test("without a document URL a relative link cannot be made absolute and is left out")
    func noDocumentURL() throws {
        let document = try Fixture.parse("relative-links.xml")
        #expect(document.items[0].link == nil)
        #expect(document.items[1].link == "https://mirror.example.org/two.html?id=7")
    }

    @Test("nested xml:base values resolve against each other (feed, then entry)")
    func nestedBase() throws {
        let document = try Fixture.parse("atom10.xml", documentURL: "https://ignored.example.com/")
        #expect(document.items[0].link == "https://atom.example.net/blog/2031/03/talks-resume")
        #expect(document.items[1].link == "https://atom.example.net/archive/item-2.html")
    }

    @Test("a permalink guid becomes the link; isPermaLink=false never does")
    func guidAsLink() throws {
        let items = try Fixture.parse("rss20.xml").items
        #expect(items[2].link == "https://news.example.com/world/2031/permalink-only")
        let rss = "<rss><channel><item><guid isPermaLink=\"false\">https://x.example.com/a</guid></item>"
            + "</channel></rss>"
        #expect(FeedParser.parse(Data(rss.utf8), feed: "f").items.first?.link == nil)
    }

    @Test("an Atom entry without a link takes its id as the link: an http id as is, a relative one against xml:base")
    func atomIDAsLink() throws {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.com/posts/">
            <entry><id>https://blog.example.com/posts/one</id><title>One</title></entry>
            <entry><id>two</id><title>Two</title></entry>
            <entry><id>tag:blog.example.com,2026:three</id><title>Three</title></entry>
            <entry xml:base="https://mirror.example.org/"><id>four</id><title>Four</title></entry>
            </feed>
            """
        let items = FeedParser.parse(Data(atom.utf8), feed: "f").items
        #expect(items.map(\.link) == [
            "https://blog.example.com/posts/one", "https://blog.example.com/posts/two", nil,
            "https://mirror.example.org/four",
        ])
        // A relative RSS guid stays an identifier: RSS guids are often bare numbers.
        let rss = "<rss><channel><item><guid>12345</guid></item></channel></rss>"
        #expect(FeedParser.parse(Data(rss.utf8), feed: "f", documentURL: Self.documentURL).items.first?.link == nil)
    }

    @Test("tracking parameters leave the query, in any case; the rest keeps its order, and the fragment stays", arguments: [
        ("https://x.example/a?utm_source=rss", "https://x.example/a"),
        ("https://x.example/a?id=1&utm_medium=feed&ref=2#frag", "https://x.example/a?id=1&ref=2#frag"),
        ("https://x.example/a?FBCLID=abc&id=1", "https://x.example/a?id=1"),
        ("https://x.example/a?id=1&&gclid=z", "https://x.example/a?id=1"),
        ("https://x.example/a?UTM_x#f", "https://x.example/a#f"),
        ("https://x.example/a?utm=1&utmost=2&fbclidx=3", "https://x.example/a?utm=1&utmost=2&fbclidx=3"),
        ("https://x.example/a?id=1", "https://x.example/a?id=1"),
        ("https://x.example/a#utm_source=x", "https://x.example/a#utm_source=x"),
        ("https://x.example/caf\u{E9}?mc_cid=1&q=\u{2014}", "https://x.example/caf\u{E9}?q=\u{2014}"),
    ])
    func trackingParameters(url: String, expected: String) {
        #expect(LinkResolver.dropTrackingParameters(url) == expected)
    }

    @Test("root-relative links give what URL resolution gives, dot segments and authorities included")
    func rootRelative() throws {
        let paths = [
            "/world/story?utm_source=rss&id=7#top", "/a/./b", "/a/../b", "/a/..", "//cdn.example.com/x",
            "/path with space", "/", "/%E2%82%AC",
        ]
        let base = "https://news.example.org:8443/feeds/main.xml"
        let rss = "<rss><channel>" + paths.map { "<item><title>t</title><link>\($0.replacingOccurrences(of: "&", with: "&amp;"))</link></item>" }.joined()
            + "</channel></rss>"
        let links = FeedParser.parse(Data(rss.utf8), feed: "f", documentURL: base).items.map(\.link)
        let expected = paths.map { URL(string: $0, relativeTo: URL(string: base))?.absoluteString }
            .map { $0?.replacingOccurrences(of: "utm_source=rss&", with: "") }
        #expect(links == expected)
    }
}
