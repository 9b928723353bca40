import Classifier
import Evaluation
import Foundation

/// Hand-made outcomes whose figures were computed by hand (see ScoresTests for the arithmetic).
///
/// | id | hard | gold                         | predicted                   |
/// | a  |      | P (missile_launch)           | P (missile_launch)          |
/// | b  |      | D (statement)                | P+D (threat, statement)     |
/// | c  |      | none                         | D (talks)                   |
/// | d  | yes  | P+D (military_drill, stmt)   | P (military_drill)          |
/// | e  |      | D (talks, summit)            | D (talks)                   |
/// | f  | yes  | none                         | none                        |
enum Fixtures {
    static func outcome(
        _ id: String, hard: Bool = false, gold: [EventType], predicted: [EventType]
    ) -> Outcome {
        let item = LabelledItem(
            id: id, title: "Item \(id)", summary: "", labels: Set(gold.map(\.label)), types: Set(gold), hard: hard)
        let verdict = Classification(
            labels: Array(Set(predicted.map(\.label))).sorted(), types: predicted,
            evidence: predicted.map {
                Evidence(type: $0, rule: "rule-\($0.rawValue)", text: "words for \($0.rawValue)")
            },
            suppressed: id == "c"
                ? [Evidence(type: .missileLaunch, rule: "background", text: "last year's launch")] : [])
        return Outcome(item: item, predicted: verdict)
    }

    static let outcomes: [Outcome] = [
        outcome("a", gold: [.missileLaunch], predicted: [.missileLaunch]),
        outcome("b", gold: [.statement], predicted: [.threat, .statement]),
        outcome("c", gold: [], predicted: [.talks]),
        outcome("d", hard: true, gold: [.militaryDrill, .statement], predicted: [.militaryDrill]),
        outcome("e", gold: [.talks, .summit], predicted: [.talks]),
        outcome("f", hard: true, gold: [], predicted: []),
    ]

    /// A fresh folder under the system's temporary directory, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("brinkwatch-eval-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's own knowledge folder, found from this file's location.
    static var knowledgeFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/classifier", isDirectory: true)
    }
}
