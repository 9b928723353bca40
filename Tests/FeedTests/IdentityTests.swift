import Feed
import Foundation
import Testing

@Suite("Item identity")
struct IdentityTests {
    @Test("ids are SHA-256 of \"<feed>\\n<rule>:<key>\", first 128 bits in lowercase hex")
    func formula() throws {
        let items = try Fixture.parse("ids.xml").items
        try #require(items.count == 8)
        #expect(items[0].id == Fixture.expectedID(rule: "guid", key: "dup-guid"))
        #expect(items[0].id.count == 32)
        #expect(items[0].id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // Pinned, from another SHA-256 (Python's hashlib): feeds' states remember these ids, so a
        // change in how they are made would deliver every remembered item again.
        #expect(items[0].id == "028455726a6a7f69ae5dd9dc0e4c20ad")
        #expect(items[1].id == "a9cb7e8071b8ff4e992b37d26387bbe1")
    }

    @Test("duplicate guids are disambiguated with #2")
    func duplicateGuids() throws {
        let items = try Fixture.parse("ids.xml").items
        #expect(items[0].guid == "dup-guid", "guid is trimmed")
        #expect(items[1].idRule == .guid)
        #expect(items[1].id == Fixture.expectedID(rule: "guid", key: "dup-guid#2"))
    }

    @Test("a guid that is spelled like a disambiguated one still gets an id of its own")
    func guidSpelledWithSuffix() {
        let rss = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><guid>g</guid></item>
            <item><title>b</title><guid>g</guid></item>
            <item><title>c</title><guid>g#2</guid></item>
            <item><title>d</title><guid>g</guid></item>
            </channel></rss>
            """
        let items = FeedParser.parse(Data(rss.utf8), feed: "test", now: Fixture.now).items
        #expect(items.map(\.id) == [
            Fixture.expectedID(rule: "guid", key: "g"),
            Fixture.expectedID(rule: "guid", key: "g#2"),
            Fixture.expectedID(rule: "guid", key: "g#2#2"),     // its own key was taken by the second item
            Fixture.expectedID(rule: "guid", key: "g#3"),
        ])
        #expect(Set(items.map(\.id)).count == 4)
    }

    @Test("keys that are one string to Swift but differ in bytes count as a repeat, as they always have")
    func canonicallyEquivalentKeys() {
        // "café" precomposed, then with a combining accent; "K", then the Kelvin sign (U+212A).
        let rss = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><guid>caf\u{E9}</guid></item>
            <item><title>b</title><guid>cafe\u{301}</guid></item>
            <item><title>c</title><guid>K</guid></item>
            <item><title>d</title><guid>\u{212A}</guid></item>
            </channel></rss>
            """
        let items = FeedParser.parse(Data(rss.utf8), feed: "test", now: Fixture.now).items
        #expect(items.map(\.id) == [
            Fixture.expectedID(rule: "guid", key: "caf\u{E9}"),
            Fixture.expectedID(rule: "guid", key: "cafe\u{301}#2"),
            Fixture.expectedID(rule: "guid", key: "K"),
            Fixture.expectedID(rule: "guid", key: "\u{212A}#2"),
        ])
    }

    @Test("without a guid the link is the key; an empty guid counts as none")
    func linkRule() throws {
        let items = try Fixture.parse("ids.xml").items
        #expect(items[2].idRule == .link)
        #expect(items[2].id == Fixture.expectedID(rule: "link", key: "https://ids.example.com/c"))
        #expect(items[7].guid == nil)
        #expect(items[7].idRule == .link)
    }

    @Test("guid-less items sharing one link are keyed by link and date")
    func linkAndDate() throws {
        let items = try Fixture.parse("ids.xml").items
        #expect(items[3].idRule == .linkAndDate)
        let link = "https://ids.example.com/"
        #expect(items[3].id == Fixture.expectedID(rule: "link+date", key: "\(link) 2031-03-04T01:00:00Z"))
        #expect(items[4].id == Fixture.expectedID(rule: "link+date", key: "\(link) 2031-03-04T02:00:00Z"))
    }

    @Test("with neither guid nor link, title and summary are the key; repeats still get distinct ids")
    func titleAndContent() throws {
        let items = try Fixture.parse("ids.xml").items
        let key = "Nothing but a title\nAnd a short description."
        #expect(items[5].idRule == .titleAndContent)
        #expect(items[5].id == Fixture.expectedID(rule: "title+content", key: key))
        #expect(items[6].id == Fixture.expectedID(rule: "title+content", key: key + "#2"))
    }

    @Test("no two items of a document share an id, and ids depend on the feed name")
    func uniqueAndPerFeed() throws {
        let items = try Fixture.parse("ids.xml").items
        #expect(Set(items.map(\.id)).count == items.count)
        let other = try Fixture.parse("ids.xml", feed: "other-feed").items
        #expect(other[0].id == Fixture.expectedID(feed: "other-feed", rule: "guid", key: "dup-guid"))
        #expect(other[0].id != items[0].id)
        #expect(other.allSatisfy { $0.feed == "other-feed" })
    }

    @Test("ids are stable across parses of the same document")
    func stable() throws {
        #expect(try Fixture.parse("rss20.xml").items == Fixture.parse("rss20.xml").items)
    }

    @Test("FeedItem round-trips through JSON with the documented raw values")
    func codable() throws {
        let item = try #require(try Fixture.parse("ids.xml").items.dropFirst(3).first)
        let data = try JSONEncoder().encode(item)
        #expect(String(decoding: data, as: UTF8.self).contains("\"idRule\":\"link+date\""))
        #expect(try JSONDecoder().decode(FeedItem.self, from: data) == item)
        #expect(DateSource.firstSeen.rawValue == "first-seen")
        #expect(ItemIDRule.titleAndContent.rawValue == "title+content")
    }
}
