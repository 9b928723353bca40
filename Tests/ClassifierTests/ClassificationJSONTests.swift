import Classifier
import Foundation
import JSONText
import Testing
import TestSupport

/// Each worker stores its verdicts through a hand-written writer; it must give the bytes of the
/// `Encodable` conformance under `JSONEncoder`, which earlier records were written with.
@Suite("Classifications as JSON")
struct ClassificationJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func randomClassifications(count: Int, seed: UInt64) -> [Classification] {
        var generator = SplitMix(seed: seed)
        func text() -> String { TextSamples.random(using: &generator) }
        func evidence() -> Evidence {
            Evidence(type: EventType.allCases.randomElement(using: &generator)!, rule: text(), text: text())
        }
        func some<T>(_ make: () -> T) -> [T] { (0..<Int.random(in: 0...3, using: &generator)).map { _ in make() } }
        return (0..<count).map { _ in
            var confidence: [String: Double] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                confidence[text()] = Double.random(in: 0...1, using: &generator)
            }
            let events = some {
                DetectedEvent(
                    type: EventType.allCases.randomElement(using: &generator)!,
                    actor: Bool.random(using: &generator) ? text() : nil,
                    target: Bool.random(using: &generator) ? text() : nil,
                    severity: Bool.random(using: &generator) ? Int.random(in: 0...5, using: &generator) : nil,
                    confidence: [0, 1, 0.5, Double.random(in: 0...1, using: &generator)].randomElement(using: &generator)!,
                    evidence: evidence())
            }
            return Classification(
                labels: some { Label.allCases.randomElement(using: &generator)! },
                types: some { EventType.allCases.randomElement(using: &generator)! },
                severity: Bool.random(using: &generator) ? Int.random(in: -1...5, using: &generator) : nil,
                confidence: confidence, actors: some(text), focus: Bool.random(using: &generator),
                evidence: some(evidence), suppressed: some(evidence),
                note: Bool.random(using: &generator) ? text() : nil, events: events)
        }
    }

    @Test("the writer gives JSONEncoder's bytes, with confidences sorted by key and every optional field present or not")
    func writerMatchesEncoder() throws {
        for classification in Self.randomClassifications(count: 400, seed: 9) {
            var writer = JSONWriter()
            try classification.write(to: &writer)
            #expect(writer.bytes == Array(try Self.encoder.encode(classification)), "\(classification)")
        }
    }

    @Test("a confidence that is not a number is refused, as JSONEncoder refuses it")
    func notFinite() {
        let classification = Classification(confidence: ["provocation": .nan])
        var writer = JSONWriter()
        #expect(throws: JSONWriter.NotFinite.self) { try classification.write(to: &writer) }
    }
}
