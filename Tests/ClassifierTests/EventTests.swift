import Foundation
import Testing

@testable import Classifier

/// Per-event records: who did it to whom, severity from the weapon class, confidence, evidence.
@Suite("Events, actors and severity")
struct EventTests {
    @Test("the doer comes first, 'by' names the doer of a passive, the target follows")
    func roles() throws {
        let strike = try #require(Fixtures.classify("Russia strikes Kyiv with drones").events.first)
        #expect(strike.actor == "RU" && strike.target == "UA")
        let passive = Fixtures.classify("Missiles launched by Iran hit Israeli airbase")
        #expect(!passive.events.isEmpty)
        #expect(passive.events.allSatisfy { $0.actor == "IR" && $0.target == "IL" })
        let warning = Fixtures.classify(
            "Damascus answers Israel", "Syria's foreign ministry spokesperson warned Israel against further raids.")
        #expect(warning.events.allSatisfy { $0.actor == "SY" && $0.target == "IL" })
    }

    @Test("a reaction with no target in its sentence addresses the item's other actor")
    func reactionTarget() {
        let result = Fixtures.classify(
            "North Korea fires missile toward Japan",
            "Pyongyang fired a missile on Tuesday. Tokyo condemned the launch.")
        let statement = result.events.first { $0.type == .statement }
        #expect(statement?.actor == "JP")
        #expect(statement?.target == "KP")
    }

    @Test("severity follows the weapon class", arguments: [
        ("North Korea test-fires a Hwasong-18", 5),
        ("North Korea fires an intercontinental ballistic missile", 5),
        ("North Korea launches a Hwasong-12 over Japan", 4),
        ("North Korea fires a Pukguksong-3 from a submarine", 4),
        ("North Korea fires a medium-range missile", 4),
        ("North Korea fires KN-23 short-range missiles", 3),
        ("North Korea fires cruise missiles into the sea", 3),
        ("North Korea launches a spy satellite", 3),
        ("North Korean artillery fires shells near the border island", 2),
        ("North Korea threatens to strike US bases", 1),
    ])
    func severity(title: String, level: Int) {
        let result = Fixtures.classify(title)
        #expect(result.labels.contains(.provocation))
        #expect(result.severity == level)
        #expect(result.events.filter { $0.label == .provocation }.compactMap(\.severity).max() == level)
    }

    @Test("a nuclear test is the gravest")
    func nuclearTest() {
        #expect(Fixtures.classify("North Korea conducts its seventh nuclear test").severity == 5)
    }

    @Test("each event carries its own confidence and evidence; evidence splits by label")
    func confidenceAndEvidence() {
        let result = Fixtures.classify("North Korea fires missile; UN Security Council to meet")
        #expect(!result.events.isEmpty)
        #expect(result.events.allSatisfy { (0...1).contains($0.confidence) && !$0.evidence.text.isEmpty })
        #expect(result.evidence(for: .provocation).allSatisfy { $0.type.label == .provocation })
        #expect(!result.evidence(for: .diplomatic).isEmpty)
        #expect(result.events.map(\.evidence) == result.evidence)
    }

    @Test("classifications stored before events existed still decode")
    func decodesOldRecords() throws {
        let stored = """
            {"labels":["diplomatic"],"types":["talks"],"confidence":{"diplomatic":0.8},"actors":["JP","KR"],
             "focus":false,"evidence":[{"type":"talks","rule":"talks","text":"hold talks"}],"suppressed":[]}
            """
        let decoded = try JSONDecoder().decode(Classification.self, from: Data(stored.utf8))
        #expect(decoded.labels == [.diplomatic])
        #expect(decoded.events.isEmpty)
        let fresh = Fixtures.classify("North Korea fires missile toward Japan")
        let again = try JSONDecoder().decode(Classification.self, from: JSONEncoder().encode(fresh))
        #expect(again == fresh)
    }
}
