import Feed
import Foundation
import Testing

@Suite("FeedDate")
struct FeedDateTests {
    /// 2031-03-04T06:15:00Z, the instant most cases below spell in different ways.
    static let reference: TimeInterval = 1_930_371_300

    @Test("reads RFC 822 and its broken variants", arguments: [
        "Tue, 04 Mar 2031 06:15:00 GMT",
        "Tue, 04 Mar 2031 06:15:00 +0000",
        "Tue, 4 Mar 2031 06:15:00 UT",
        "Tue, 04 Mar 31 06:15:00 GMT",                 // 2-digit year
        "Tue, 04 Mar 2031 06:15 GMT",                  // no seconds
        "04 Mar 2031 06:15:00 Z",                      // no weekday
        "Tuesday, 04-Mar-31 06:15:00 GMT",             // RFC 850
        "Tue Mar  4 06:15:00 2031",                    // asctime
        "Tue, 04 March 2031 06:15:00 GMT",             // full month name
        "Tue, 04 Mar 2031 01:15:00 EST",
        "Tue, 04 Mar 2031 02:15:00 EDT",
        "Tue, 04 Mar 2031 00:15:00 CST",
        "Tue, 04 Mar 2031 01:15:00 CDT",
        "Mon, 03 Mar 2031 23:15:00 MST",
        "Tue, 04 Mar 2031 00:15:00 MDT",
        "Mon, 03 Mar 2031 22:15:00 PST",
        "Mon, 03 Mar 2031 23:15:00 PDT",
        "Tue, 04 Mar 2031 15:15:00 KST",
        "Tue, 04 Mar 2031 15:15:00 JST",
        "Tue, 04 Mar 2031 15:15:00 +0900",
        "Tue, 04 Mar 2031 11:45:00 +05:30",
        "Mon, 03 Mar 2031 20:15:00 -1000",
        "Tue, 04 Mar 2031 06:15:00 +0000 (UTC)",
        "March 4, 2031 6:15 AM GMT",
        "  Tue, 04 Mar 2031 06:15:00 GMT \n",
    ])
    func rfc822(text: String) throws {
        let date = try #require(FeedDate.parse(text), "could not parse \(text)")
        #expect(date.timeIntervalSince1970 == Self.reference)
    }

    @Test("reads RFC 3339 / ISO 8601", arguments: [
        "2031-03-04T06:15:00Z",
        "2031-03-04T06:15:00.000Z",
        "2031-03-04t06:15:00z",
        "2031-03-04T15:15:00+09:00",
        "2031-03-04T15:15:00+0900",
        "2031-03-04T15:15:00+09",
        "2031-03-03T22:15:00-08:00",
        "2031-03-04T06:15Z",
        "2031-03-04 06:15:00",
        "2031-03-04 06:15:00 +0000",
        "20310304T061500Z",
        "2031/03/04 06:15:00",
    ])
    func iso8601(text: String) throws {
        let date = try #require(FeedDate.parse(text), "could not parse \(text)")
        #expect(date.timeIntervalSince1970 == Self.reference)
    }

    @Test("reads fractions, date-only forms and epoch seconds")
    func otherForms() throws {
        let fraction = try #require(FeedDate.parse("2031-03-04T06:15:00.250Z"))
        #expect(fraction.timeIntervalSince1970 == Self.reference + 0.25)
        let dateOnly = try #require(FeedDate.parse("2031-03-04"))
        #expect(dateOnly.timeIntervalSince1970 == Self.reference - 6 * 3600 - 15 * 60)
        #expect(FeedDate.parse("2031-03")?.timeIntervalSince1970 == 1_930_089_600)      // 2031-03-01
        #expect(FeedDate.parse("04 Mar 2031")?.timeIntervalSince1970 == dateOnly.timeIntervalSince1970)
        #expect(FeedDate.parse("1930371300")?.timeIntervalSince1970 == Self.reference)
        #expect(FeedDate.parse("1930371300.5")?.timeIntervalSince1970 == Self.reference + 0.5)
        #expect(FeedDate.parse("1930371300000")?.timeIntervalSince1970 == Self.reference)
        #expect(FeedDate.parse("Thu, 01 Jan 1970 00:00:00 GMT")?.timeIntervalSince1970 == 0)
        #expect(FeedDate.parse("1999-12-31T23:59:59Z")?.timeIntervalSince1970 == 946_684_799)
        #expect(FeedDate.parse("29 Feb 2032 12:00:00 GMT")?.timeIntervalSince1970 == 1_961_668_800)
    }

    @Test("rolls a day past the end of the month forward")
    func dayOverflow() {
        #expect(FeedDate.parse("31 Jun 2031 00:00:00 GMT") == FeedDate.parse("1 Jul 2031 00:00:00 GMT"))
    }

    @Test("rejects what is not a date", arguments: [
        "", "   ", "Foo 99", "yesterday", "2031-13-01", "2031-02-30T25:00:00Z", "Tue, 04 Xyz 2031 06:15:00 GMT",
        "Tue, 04 Mar 2031 06:15:00 +0000 garbage", "12345", "2031-03-04T06:15:00Q", "04 Mar", "0000-01-01",
    ])
    func rejects(text: String) {
        #expect(FeedDate.parse(text) == nil)
    }
}
