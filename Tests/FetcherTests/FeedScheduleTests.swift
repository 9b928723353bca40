import Config
import Fetcher
import Foundation
import Testing

@Suite("Feed schedule")
struct FeedScheduleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func feed(_ name: String) -> FeedSource {
        FeedSource(name: name, url: "https://example.org/\(name).xml")
    }

    @Test("feeds come out when due, earliest first, ties in the order they were scheduled")
    func order() {
        var schedule = FeedSchedule()
        // Shuffled times: the heap must order them, not the insertion order.
        let times: [(String, TimeInterval)] = [
            ("e", 50), ("a", 10), ("d", 40), ("b", 20), ("b2", 20), ("c", 30), ("f", 60), ("never", -1e9),
        ]
        for (name, offset) in times { schedule.schedule(feed(name), at: start.addingTimeInterval(offset)) }
        #expect(schedule.count == 8)
        #expect(schedule.next == start.addingTimeInterval(-1e9))
        #expect(schedule.popDue(at: start.addingTimeInterval(5)).map(\.name) == ["never"])
        #expect(schedule.popDue(at: start.addingTimeInterval(20)).map(\.name) == ["a", "b", "b2"])
        #expect(schedule.next == start.addingTimeInterval(30))
        #expect(schedule.popDue(at: start.addingTimeInterval(29)).isEmpty)
        #expect(schedule.popDue(at: start.addingTimeInterval(1000)).map(\.name) == ["c", "d", "e", "f"])
        #expect(schedule.count == 0 && schedule.next == nil)
    }

    @Test("a thousand feeds at random times come out sorted, and rescheduled ones come back in place")
    func manyFeeds() {
        var generator = SystemRandomNumberGenerator()
        var schedule = FeedSchedule()
        var expected: [(TimeInterval, String)] = []
        for index in 0..<1000 {
            let offset = TimeInterval(Int.random(in: 0..<3600, using: &generator))
            schedule.schedule(feed("f\(index)"), at: start.addingTimeInterval(offset))
            expected.append((offset, "f\(index)"))
        }
        let firstHalf = schedule.popDue(at: start.addingTimeInterval(1799))
        #expect(firstHalf.count == expected.filter { $0.0 <= 1799 }.count)
        // Put the first half back an hour later, as fetches would.
        for feed in firstHalf { schedule.schedule(feed, at: start.addingTimeInterval(7200)) }
        let rest = schedule.popDue(at: start.addingTimeInterval(3600))
        let restExpected = expected.filter { $0.0 > 1799 }
            .enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        #expect(rest.map(\.name) == restExpected)
        #expect(schedule.popDue(at: start.addingTimeInterval(7200)).count == firstHalf.count)
    }
}
