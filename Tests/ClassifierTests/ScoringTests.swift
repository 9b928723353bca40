import Foundation
import Testing

@testable import Classifier

@Suite("Severity and confidence")
struct ScoringTests {
    @Test("severity follows the weapon and event", arguments: [
        ("North Korea conducts its seventh nuclear test", 5),
        ("North Korea fires an ICBM into the sea off Hokkaido", 5),
        ("Pyongyang fires intermediate-range ballistic missile over Japan", 4),
        ("North Korea fires a submarine-launched ballistic missile", 4),
        ("North Korea fires two short-range ballistic missiles", 3),
        ("North Korea test-fires cruise missiles off its west coast", 3),
        ("North Korea launches a reconnaissance satellite", 3),
        ("China stages military drills around Taiwan", 2),
        ("North Korea fires artillery shells near the sea border", 2),
        ("Kim Jong Un threatens to annihilate the enemy with nuclear weapons", 1),
    ])
    func severity(title: String, level: Int) {
        let result = Fixtures.classify(title)
        #expect(result.labels.contains(.provocation), "\(title): \(result.labels)")
        #expect(result.severity == level, "\(title): \(String(describing: result.severity))")
    }

    @Test("no severity without a provocation")
    func noSeverity() {
        #expect(Fixtures.classify("Japan imposes sanctions on North Korean banks").severity == nil)
    }

    @Test("a match in the title counts more than the same words deep in the summary")
    func titleWeighsMost() throws {
        let inTitle = Fixtures.classify("North Korea fires a ballistic missile", "Officials gave no details.")
        let inBody = Fixtures.classify(
            "Officials give few details",
            "A statement came late. Then came more. North Korea fired a ballistic missile.")
        let high = try #require(inTitle.confidence["provocation"])
        let low = try #require(inBody.confidence["provocation"])
        #expect(high > low)
    }

    @Test("hedges lower the confidence without flipping the label")
    func hedges() throws {
        let plain = Fixtures.classify("North Korea fires a ballistic missile")
        let hedged = Fixtures.classify("North Korea reportedly fires a ballistic missile")
        #expect(hedged.labels == [.provocation])
        #expect(try #require(hedged.confidence["provocation"]) < (try #require(plain.confidence["provocation"])))
    }

    @Test("labels and types are sorted and unique; evidence names data-file rules")
    func ordering() {
        let result = Fixtures.classify(
            "Seoul condemns North Korean launch as North fires two more missiles",
            "South Korea's foreign ministry condemned the firing of the missiles on Sunday.")
        #expect(result.labels == [.provocation, .diplomatic])
        #expect(result.types == result.types.sorted { $0.order < $1.order })
        #expect(Set(result.types).count == result.types.count)
        let ids = Set(Fixtures.knowledge.patterns.map(\.id))
        #expect(result.evidence.allSatisfy { ids.contains($0.rule) })
    }

    @Test("a classification round-trips through JSON")
    func codable() throws {
        let result = Fixtures.classify("North Korea fires a ballistic missile", "Seoul condemned the launch.")
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(Classification.self, from: data) == result)
    }
}
