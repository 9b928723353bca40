import Feed
import Foundation
import Testing

@Suite("Formats")
struct FormatTests {
    @Test("RSS 2.0: channel, items, dc, content:encoded, categories; image and media fields ignored")
    func rss20() throws {
        let document = try Fixture.parse("rss20.xml")
        #expect(document.format == .rss20)
        #expect(document.errors.isEmpty)
        #expect(document.title == "Harbor Ledger – World")
        #expect(document.link == "https://news.example.com/world")
        #expect(document.language == "en-gb")
        #expect(document.ttlMinutes == 30)
        try #require(document.items.count == 3)
        let first = document.items[0]
        #expect(first.feed == "test")
        #expect(first.guid == "hl-2031-0001")
        #expect(first.title == "Patrol boats trade warning flares near the Kestrel Shoal")
        #expect(first.summary == "Two coast guard cutters fired warning flares on Monday. No injuries were reported.")
        #expect(first.author == "Mira Okonjo")
        #expect(first.categories == ["Maritime", "Asia-Pacific"])
        #expect(first.published == FeedDate.parse("2031-03-04T06:15:00Z"))
        #expect(first.language == "en-gb")
        #expect(document.items[1].author == "Tomas Reyes")
        #expect(document.items[1].published == FeedDate.parse("2031-03-03T20:00:00Z"))
    }

    @Test("RSS 0.91 with a Netscape DOCTYPE: HTML entities decoded without loading the DTD")
    func rss091() throws {
        let document = try Fixture.parse("rss091.xml")
        #expect(document.format == .rss091)
        #expect(document.errors.isEmpty)
        #expect(document.language == "fr")
        #expect(document.items.map(\.title) == ["Le ministère annonce une réunion d’urgence", "Second item & more"])
        #expect(document.items[0].summary == "Une réunion aura lieu à midi.")
        #expect(document.items[0].idRule == .link)
    }

    @Test("RSS 0.92 and RSS 0.90 are told apart from 2.0 and 1.0")
    func olderVersions() throws {
        let rss092 = try Fixture.parse("rss092.xml")
        #expect(rss092.format == .rss092)
        #expect(rss092.items.map(\.title) == ["Ferry service suspended after storm"])
        let rss090 = try Fixture.parse("rss090.xml")
        #expect(rss090.format == .rss090)
        #expect(rss090.title == "Netscape-era channel")
        #expect(rss090.items.map(\.link) == ["http://old.example.com/harbour"])
    }

    @Test("RSS 1.0 (RDF): items are siblings of the channel, dates from dc:date, textinput ignored")
    func rdf() throws {
        let document = try Fixture.parse("rdf.xml")
        #expect(document.format == .rss10)
        #expect(document.errors.isEmpty)
        #expect(document.title == "Example Wire (RDF)")
        #expect(document.language == "ko")
        try #require(document.items.count == 2)
        let first = document.items[0]
        #expect(first.title == "Ministry confirms missile test over the eastern sea")
        #expect(first.published == FeedDate.parse("2031-03-03T22:30:00Z"))
        #expect(first.author == "Wire Desk")
        #expect(first.categories == ["Defense"])
        #expect(first.language == "ko")
        #expect(document.items[1].published == FeedDate.parse("2031-03-03T00:00:00Z"))
    }

    @Test("Atom 1.0: alternate links, xml:base, published/updated, author, xml:lang, source ignored")
    func atom10() throws {
        let document = try Fixture.parse("atom10.xml")
        #expect(document.format == .atom10)
        #expect(document.errors.isEmpty)
        #expect(document.title == "Atom Observer")
        #expect(document.link == "https://atom.example.net/blog/")
        #expect(document.language == "en")
        try #require(document.items.count == 2)
        let first = document.items[0]
        #expect(first.guid == "tag:atom.example.net,2031:entry-1")
        #expect(first.title == "Talks resume in Geneva & Vienna")
        #expect(first.link == "https://atom.example.net/blog/2031/03/talks-resume")
        #expect(first.published == FeedDate.parse("2031-03-04T07:00:00Z"))
        #expect(first.updated == FeedDate.parse("2031-03-04T08:30:00.25Z"))
        #expect(first.author == "Lena Marsh")
        #expect(first.categories == ["diplomacy"])
        #expect(first.summary == "Delegations met for three hours.")
        let second = document.items[1]
        #expect(second.link == "https://atom.example.net/archive/item-2.html")
        #expect(second.language == "de")
        #expect(second.published == second.updated, "an entry with only <updated> uses it as published")
        #expect(second.summary == "Grenzgespräche vertagt.")
    }

    @Test("Atom 0.3: issued/modified and escaped content")
    func atom03() throws {
        let document = try Fixture.parse("atom03.xml")
        #expect(document.format == .atom03)
        #expect(document.link == "http://legacy.example.org/")
        let item = try #require(document.items.first)
        #expect(item.published == FeedDate.parse("2031-03-04T14:00:00Z"))
        #expect(item.updated == FeedDate.parse("2031-03-04T09:30:00Z"))
        #expect(item.author == "Desk Two")
        #expect(item.summary == "Observers reached the checkpoint before noon.")
    }

    @Test("JSON Feed 1.1: items, authors, tags, language, relative url")
    func jsonFeed11() throws {
        let document = try Fixture.parse("jsonfeed11.json", documentURL: "https://json.example.com/feed.json")
        #expect(document.format == .jsonFeed)
        #expect(document.errors.isEmpty)
        #expect(document.title == "JSON Dispatch")
        #expect(document.link == "https://json.example.com/")
        try #require(document.items.count == 2)
        let first = document.items[0]
        #expect(first.guid == "jd-1")
        #expect(first.link == "https://json.example.com/2031/ceasefire-monitors")
        #expect(first.summary == "Forty monitors arrived overnight.")
        #expect(first.author == "Ana Pires, Jon Dale")
        #expect(first.categories == ["ceasefire", "monitors"])
        #expect(first.language == "pt")
        #expect(first.published == FeedDate.parse("2031-03-04T06:00:00Z"))
        #expect(first.updated == FeedDate.parse("2031-03-04T07:00:00Z"))
        let second = document.items[1]
        #expect(second.guid == "42")
        #expect(second.link == "https://json.example.com/2031/numeric-id")
        #expect(second.summary == "Plain content text.")
        #expect(second.author == "Old Style")
        #expect(second.language == "en")
    }

    @Test("JSON Feed 1.0 with content_html only, after a BOM and whitespace")
    func jsonFeed10() {
        let json = "\u{FEFF}\n {\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"T\", \"items\": ["
            + "{\"id\": \"a\", \"content_html\": \"<p>Hello &amp; <i>bye</i></p>\", \"tags\": [\"x\", 3]}]}"
        let document = FeedParser.parse(Data(json.utf8), feed: "json", now: Fixture.now)
        #expect(document.format == .jsonFeed)
        #expect(document.items.map(\.summary) == ["Hello & bye"])
        #expect(document.items.first?.categories == ["x", "3"])
    }
}
