import Foundation
import Testing

@testable import Classifier
import TestSupport

/// Measures label macro-F1 on the team's labelled dev sets when they are present next to the
/// package (`../shared/eval`); they are not part of the repository, so elsewhere the test is skipped.
@Suite("Dev set floor")
struct DevSetFloorTests {
    static let evalDirectory = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/eval")
    static let available = FileManager.default.fileExists(atPath: evalDirectory.path)

    /// Floors: the macro-F1 measured when the rules were last changed, rounded down to two decimals,
    /// over all items and over the items not marked `hard` (where careful readers agree).
    static let floors: [(file: String, floor: Double, notHard: Double)] = [
        ("dev.jsonl", 0.97, 0.97), ("dev_real.jsonl", 0.86, 0.94),
    ]

    /// Mean over the two labels of the per-label F1 (an item can carry both labels, or none).
    static func macroF1(_ file: URL, skipHard: Bool = false) throws -> (
        macro: Double, perLabel: [Label: Double], items: Int
    ) {
        let text = try String(contentsOf: file, encoding: .utf8)
        var truePositives: [Label: Int] = [:]
        var falsePositives: [Label: Int] = [:]
        var falseNegatives: [Label: Int] = [:]
        var items = 0
        for line in text.split(separator: "\n") where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if skipHard, object["hard"] as? Bool == true { continue }
            let gold = Set((object["labels"] as? [String] ?? []).compactMap(Label.init(rawValue:)))
            let predicted = Set(
                Fixtures.classify(object["title"] as? String ?? "", object["summary"] as? String ?? "").labels)
            items += 1
            for label in Label.allCases {
                switch (predicted.contains(label), gold.contains(label)) {
                case (true, true): truePositives[label, default: 0] += 1
                case (true, false): falsePositives[label, default: 0] += 1
                case (false, true): falseNegatives[label, default: 0] += 1
                case (false, false): break
                }
            }
        }
        var perLabel: [Label: Double] = [:]
        for label in Label.allCases {
            let tp = Double(truePositives[label] ?? 0)
            let denominator = 2 * tp + Double(falsePositives[label] ?? 0) + Double(falseNegatives[label] ?? 0)
            perLabel[label] = denominator > 0 ? 2 * tp / denominator : 1
        }
        let macro = perLabel.values.reduce(0, +) / Double(perLabel.count)
        return (macro, perLabel, items)
    }

    @Test(
        "dev set floor", .offPool,
        .enabled(if: available, "skipped: ../shared/eval (labelled dev sets) is not next to this package"),
        arguments: floors.map(\.file))
    func devSetFloor(file: String) throws {
        let floors = try #require(Self.floors.first { $0.file == file })
        let floor = floors.floor
        let result = try Self.macroF1(Self.evalDirectory.appendingPathComponent(file))
        let notHard = try Self.macroF1(Self.evalDirectory.appendingPathComponent(file), skipHard: true)
        let rounded = { (value: Double) in String(format: "%.4f", value) }
        print(
            "dev set \(file): macro-F1 \(rounded(result.macro)) over \(result.items) items "
                + "(provocation \(rounded(result.perLabel[.provocation] ?? 0)), "
                + "diplomatic \(rounded(result.perLabel[.diplomatic] ?? 0)); floor \(floor)); "
                + "not hard: \(rounded(notHard.macro)) over \(notHard.items) items (floor \(floors.notHard))")
        #expect(result.macro >= floor)
        #expect(notHard.macro >= floors.notHard)
    }
}
