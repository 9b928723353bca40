import Feed
import Foundation
import Testing

/// Cases where the feedparser comparison (scripts/feedparser-conformance.sh) found this parser wrong; each one is
/// written afresh here so the fix stays fixed without the downloaded suite.
@Suite("Parity with feedparser")
struct ParityTests {
    private func parse(_ xml: String) -> FeedDocument {
        FeedParser.parse(Data(xml.utf8), feed: "f", documentURL: "https://parity.example.net/feed.xml")
    }

    private let atom = "http://www.w3.org/2005/Atom"

    @Test("Atom text with mode=\"base64\" or a non-text media type is decoded")
    func base64Text() {
        let document = parse("""
            <feed xmlns="\(atom)"><title type="application/octet-stream">QXJtaXN0aWNlIHRhbGtz</title>
            <entry><id>e1</id><title type="text/html" mode="base64">PGI+VHJ1Y2U8L2I+IGhvbGRz</title></entry></feed>
            """)
        #expect(document.title == "Armistice talks")
        #expect(document.items.first?.title == "Truce holds")
    }

    @Test("dc:title and media:title stand in for a missing title, never override one")
    func fallbackTitles() {
        let document = parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><dc:title>Desk</dc:title>
            <item><guid>1</guid><dc:title>Envoy arrives</dc:title></item>
            <item><guid>2</guid><media:title>Talks resume</media:title></item>
            <item><guid>3</guid><dc:title>Ignored</dc:title><title>Real title</title></item>
            </channel></rss>
            """)
        #expect(document.title == "Desk")
        #expect(document.items.map(\.title) == ["Envoy arrives", "Talks resume", "Real title"])
    }

    @Test("script inside an XHTML title is hidden; an <object>'s fallback text is kept")
    func xhtmlScript() {
        let document = parse("""
            <feed xmlns="\(atom)"><entry><id>e1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\
            Calm<script>alert(1)</script> returns</div></title><summary type="html">quiet&lt;object data="x"&gt; \
            border</summary></entry></feed>
            """)
        #expect(document.items.first?.title == "Calm returns")
        #expect(document.items.first?.summary == "quiet border")
    }

    @Test("an unquoted attribute value with a stray quote does not swallow the text after it")
    func strayQuote() {
        #expect(PlainText.fromHTML("<a href=https://x.example/\">Ceasefire</a> holds") == "Ceasefire holds")
    }

    @Test("Atom 0.3 <item> is an entry; an unknown root namespace still yields the feed title")
    func looseAtom() {
        let items = parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><item><id>i</id></item></feed>")
        #expect(items.items.count == 1)
        let draft = parse("<feed version=\"0.3\" xmlns=\"http://draft.example/atom#\"><title>Draft</title></feed>")
        #expect(draft.title == "Draft")
    }

    @Test("RSS <link href> without the Atom namespace, dcterms dates, and absolute Atom ids as links")
    func linksAndDates() throws {
        let rss = parse("""
            <rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel><link href="https://site.example/"/>
            <item><guid>1</guid><link href="https://site.example/a"/>
            <dcterms:issued>2031-03-04T08:00:00Z</dcterms:issued></item></channel></rss>
            """)
        #expect(rss.link == "https://site.example/")
        #expect(rss.items.first?.link == "https://site.example/a")
        #expect(rss.items.first?.published == Date(timeIntervalSince1970: 1_930_377_600))
        let atomFeed = parse("""
            <feed xmlns="\(atom)"><id>https://site.example/</id><entry><id>HTTPS://site.example/b</id></entry>
            <entry><id>tag:site.example,2031:c</id></entry></feed>
            """)
        #expect(atomFeed.link == "https://site.example/")
        #expect(atomFeed.items.map(\.link) == ["HTTPS://site.example/b", nil])
    }

    @Test("a permalink guid that is not a valid URL gives no link")
    func invalidGuidLink() {
        let document = parse("<rss><channel><item><guid>http://bad.ex[ample/</guid></item></channel></rss>")
        #expect(document.items.first?.link == nil)
    }
}
