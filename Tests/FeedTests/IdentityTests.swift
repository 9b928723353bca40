import Feed
import Foundation
import Testing

@Suite("Item identity")
struct IdentityTests {
    @Test("ids are SHA-256 of \"<feed>\\n<rule>:<key>\", first 128 bits in lowercase hex")
    func formula() throws {
        let items = try Fixture.parse("ids.xml").items
        try #require(items.count == 8)
        #expect(items[2].id == Fixture.expectedID(rule: "link", key: "https://ids.example.com/c"))
        #expect(items[2].id.count == 32)
        #expect(items[2].id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // Pinned, from another SHA-256 (Python's hashlib): feeds' states remember these ids, so a
        // change in how they are made would deliver every remembered item again.
        #expect(items[2].id == "9f79ee821dea98315edef85b15180d7a")
        #expect(items[0].id == "ce4afa86db9564577e9ff4e9943f0b02", "a repeated guid, with its link")
    }

    @Test("items repeating a guid are told apart by their links")
    func duplicateGuids() throws {
        let items = try Fixture.parse("ids.xml").items
        #expect(items[0].guid == "dup-guid", "guid is trimmed")
        #expect(items[0].idRule == .guid && items[1].idRule == .guid)
        #expect(items[0].id == Fixture.expectedID(rule: "guid", key: "dup-guid\nhttps://ids.example.com/a"))
        #expect(items[1].id == Fixture.expectedID(rule: "guid", key: "dup-guid\nhttps://ids.example.com/b"))
    }

    /// A feed whose every item carries one guid (not a URL, so never taken for a link), in the
    /// order the feed lists them.
    static func constantGuidFeed(_ items: [(title: String, link: String?)]) -> [FeedItem] {
        let rss = "<rss version=\"2.0\"><channel><title>t</title>" + items.map { item in
            "<item><guid>site-home</guid><title>\(item.title)</title>"
                + (item.link.map { "<link>\($0)</link>" } ?? "") + "</item>"
        }.joined() + "</channel></rss>"
        return FeedParser.parse(Data(rss.utf8), feed: "test", now: Fixture.now).items
    }

    @Test("a feed repeating one guid that puts a new item first keeps every old item's id")
    func repeatedGuidsAreOrderFree() {
        let old = Self.constantGuidFeed([("Talks resume", "https://site.example/1"), ("Drills end", "https://site.example/2")])
        let later = Self.constantGuidFeed([
            ("Envoy arrives", "https://site.example/3"), ("Talks resume", "https://site.example/1"),
            ("Drills end", "https://site.example/2"),
        ])
        #expect(Array(later.dropFirst()).map(\.id) == old.map(\.id))
        #expect(!old.map(\.id).contains(later[0].id), "the new item is new, not an edit of an old one")

        // Without links the titles tell them apart, and an old item's title may not change.
        let bare = Self.constantGuidFeed([("Talks resume", nil), ("Drills end", nil)])
        let bareLater = Self.constantGuidFeed([("Envoy arrives", nil), ("Drills end", nil), ("Talks resume", nil)])
        #expect(bareLater[1].id == bare[1].id && bareLater[2].id == bare[0].id)
        #expect(bare[0].id == Fixture.expectedID(rule: "guid", key: "site-home\n\nTalks resume\n"))
        #expect(Set(bareLater.map(\.id)).count == 3)
    }

    @Test("copies of one item keep the plain key and numbers; among differing items, only equal ones are numbered")
    func identicalItemsNumbered() {
        func ids(_ titles: [String]) -> [String] {
            let rss = "<rss version=\"2.0\"><channel><title>t</title>"
                + titles.map { "<item><title>\($0)</title><guid>g</guid></item>" }.joined() + "</channel></rss>"
            return FeedParser.parse(Data(rss.utf8), feed: "test", now: Fixture.now).items.map(\.id)
        }
        #expect(ids(["a", "a"]) == [
            Fixture.expectedID(rule: "guid", key: "g"), Fixture.expectedID(rule: "guid", key: "g#2"),
        ], "as before: which copy is which does not matter")
        #expect(ids(["a", "b", "a"]) == [
            Fixture.expectedID(rule: "guid", key: "g\n\na\n"),
            Fixture.expectedID(rule: "guid", key: "g\n\nb\n"),
            Fixture.expectedID(rule: "guid", key: "g\n\na\n#2"),
        ])
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
            Fixture.expectedID(rule: "guid", key: "caf\u{E9}\n\na\n"),
            Fixture.expectedID(rule: "guid", key: "cafe\u{301}\n\nb\n"),
            Fixture.expectedID(rule: "guid", key: "K\n\nc\n"),
            Fixture.expectedID(rule: "guid", key: "\u{212A}\n\nd\n"),
        ])
        // Copies (the same title too) keep the numbering of earlier releases, from each key's own bytes.
        let copies = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><guid>caf\u{E9}</guid></item>
            <item><title>a</title><guid>cafe\u{301}</guid></item>
            </channel></rss>
            """
        #expect(FeedParser.parse(Data(copies.utf8), feed: "test", now: Fixture.now).items.map(\.id) == [
            Fixture.expectedID(rule: "guid", key: "caf\u{E9}"), Fixture.expectedID(rule: "guid", key: "cafe\u{301}#2"),
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
        #expect(other[0].id == Fixture.expectedID(feed: "other-feed", rule: "guid", key: "dup-guid\nhttps://ids.example.com/a"))
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
