import Feed
import Foundation
import Testing

@Suite("Text content")
struct ContentTests {
    @Test("CDATA titles are unwrapped and their markup stripped")
    func cdataTitle() throws {
        let document = try Fixture.parse("cdata-entities.xml")
        #expect(document.errors.isEmpty)
        #expect(document.title == "Entities & CDATA")
        #expect(document.items.first?.title == "Rivals clash over \"red lines\" & quotas")
    }

    @Test("entities in titles: numeric, named HTML (undeclared), double-escaped and Windows-1252 references")
    func entityTitles() throws {
        let titles = try Fixture.parse("cdata-entities.xml").items.map(\.title)
        try #require(titles.count == 4)
        #expect(titles[1] == "Minister’s “final” offer < 5% — aides")
        #expect(titles[2] == "Spread over several lines")
        #expect(titles[3] == "Tom & Jerry & friends: © €20")
    }

    @Test("HTML in descriptions is reduced to text; script and style vanish")
    func htmlDescriptions() throws {
        let summaries = try Fixture.parse("cdata-entities.xml").items.map(\.summary)
        #expect(summaries[0] == "Heading First paragraph — with a link. one two")
        #expect(summaries[1] == "Café talks… & 3 < 4 done")
    }

    @Test("the description is preferred over content:encoded")
    func prefersDescription() throws {
        let item = try #require(try Fixture.parse("rss20.xml").items.first)
        #expect(item.summary?.hasPrefix("Two coast guard cutters") == true)
    }

    @Test("escaped HTML descriptions are unescaped and stripped")
    func escapedDescription() throws {
        let items = try Fixture.parse("rss20.xml").items
        #expect(items[1].summary == "The office had been closed since January.")
    }

    @Test("Atom xhtml content keeps word boundaries, html content drops scripts")
    func atomContent() throws {
        let document = try Fixture.parse("atom10.xml")
        #expect(document.items[1].summary == "Grenzgespräche vertagt.")
        let xhtml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One</p><p>Two <b>t</b>hree</p></div>\
            </content></entry></feed>
            """
        let parsed = FeedParser.parse(Data(xhtml.utf8), feed: "f")
        #expect(parsed.items.first?.summary == "One Two three")
    }

    @Test("unescaped HTML elements inside an RSS description still yield its text")
    func rawMarkupInDescription() {
        let rss = "<rss><channel><item><guid>1</guid><description><p>Para <b>one</b></p><p>two</p></description>"
            + "<title>T</title></item></channel></rss>"
        let document = FeedParser.parse(Data(rss.utf8), feed: "f")
        #expect(document.items.first?.summary == "Para one two")
        #expect(document.items.first?.title == "T")
    }
}
