import Classifier
@testable import Digest
import Foundation
import Testing

/// Deduplicating and ordering a day's records in place must give what copying them would.
@Suite("Records deduplicated and ordered in place")
struct InPlaceOrderingTests {
    typealias F = DigestFixtures

    @Test("one record per id stays, at the place of the id's first record; the preferred one wins")
    func onePerID() {
        var a2 = F.item("a", title: "a, revised")
        a2.revision = 2
        var b0 = F.item("b", title: "b, older")
        b0.revision = 0
        var records = [F.item("a", title: "a"), F.item("b", title: "b"), a2, F.item("c", title: "c"), b0, F.item("a", title: "a, again")]
        records.keepOnePerID { ($0.revision ?? 1) > ($1.revision ?? 1) }
        #expect(records.map(\.item.id) == ["a", "b", "c"])
        #expect(records.map { $0.item.title ?? "" } == ["a, revised", "b", "c"], "a tie keeps the first")

        var unique = (0..<50).map { F.item("u\($0)", title: "\($0)") }
        let before = unique
        unique.keepOnePerID { _, _ in true }
        #expect(unique == before, "without duplicates nothing moves")
    }

    @Test("sorting by moving each record once gives the standard sort's order, for any arrangement")
    func sortMovingOnce() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 17, 500] {
            for _ in 0..<20 {
                let records = (0..<size).map { index in
                    F.item("r\(index)", feed: "f\(Int.random(in: 0..<3, using: &generator))", title: "\(index)",
                           at: Double(Int.random(in: 0..<40, using: &generator)) * 60)
                }.shuffled(using: &generator)
                var moved = records
                moved.sortMovingOnce(by: DigestBuilder.chronological)
                #expect(moved == records.sorted(by: DigestBuilder.chronological), "\(size) records")
            }
        }
    }
}
