import Feed
import Foundation
import Testing

@Suite("Item dates")
struct ItemDateTests {
    @Test("RFC 822 pubDate and dc:date are read; no date leaves published nil without a note")
    func readsDates() throws {
        let items = try Fixture.parse("dates.xml").items
        try #require(items.count == 6)
        #expect(items[0].published == FeedDate.parse("2031-03-04T06:15:00Z"))
        #expect(items[0].dateNote == nil)
        #expect(items[3].published == FeedDate.parse("2031-03-04T06:15:00Z"))
        #expect(items[4].published == nil)
        #expect(items[4].dateNote == nil)
        #expect(items[5].published?.timeIntervalSince1970 == 1_930_457_700)
    }

    @Test("an unparseable date keeps the item, leaves published nil and says why")
    func unparseable() throws {
        let item = try Fixture.parse("dates.xml").items[1]
        #expect(item.title == "Unparseable")
        #expect(item.published == nil)
        #expect(item.dateNote == "unparseable date 'Foo 99'")
    }

    @Test("a date more than 10 minutes after now is kept but noted")
    func future() throws {
        let item = try Fixture.parse("dates.xml").items[2]
        #expect(item.published == FeedDate.parse("2050-01-01T00:00:00Z"))
        #expect(item.dateNote?.hasPrefix("date in the future") == true)
    }

    @Test("five minutes ahead is clock skew, not the future")
    func skewTolerated() {
        let rss = "<rss><channel><item><guid>1</guid><pubDate>2031-03-05T18:05:00Z</pubDate></item></channel></rss>"
        let item = FeedParser.parse(Data(rss.utf8), feed: "f", now: Fixture.now).items.first
        #expect(item?.published != nil)
        #expect(item?.dateNote == nil)
    }
}
