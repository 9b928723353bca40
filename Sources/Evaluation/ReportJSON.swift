import Classifier
import Foundation

/// Renders an evaluation report's figures as JSON for scripts (a CI floor, a README table).
///
/// Keys are snake_case and sorted so that two runs diff cleanly; numbers are unrounded.
public enum ReportJSON {
    /// The figures of both scopes and the ids of the misclassified items (wrong label set, or right
    /// labels with other event types), as one JSON document.
    public static func render(_ report: EvaluationReport) -> String {
        let document = Document(
            file: report.file, items: report.outcomes.count, hard: report.hardCount,
            scopes: ["all": ScopeFigures(report.all), "not_hard": ScopeFigures(report.notHard)],
            labelErrors: report.outcomes.filter { !$0.labelsMatch }.map(\.item.id),
            typeOnlyErrors: report.outcomes.filter { $0.labelsMatch && !$0.typesMatch }.map(\.item.id))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct Document: Encodable {
        var file: String
        var items: Int
        var hard: Int
        var scopes: [String: ScopeFigures]
        var labelErrors: [String]
        var typeOnlyErrors: [String]
    }

    private struct ScopeFigures: Encodable {
        var items: Int
        var macroF1: Double
        var exactSetAccuracy: Double
        var exactMatches: Int
        var labels: [String: Figures]
        var typesMicro: Figures
        var types: [String: Figures]
        /// Gold label set -> predicted label set -> count.
        var confusion: [String: [String: Int]]

        init(_ scores: Scores) {
            items = scores.itemCount
            macroF1 = scores.macroF1
            exactSetAccuracy = scores.exactSetAccuracy
            exactMatches = scores.exactMatches
            labels = Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0.rawValue, Figures(scores.counts($0))) })
            typesMicro = Figures(scores.typesMicro)
            types = Dictionary(uniqueKeysWithValues: scores.types.map { ($0.key.rawValue, Figures($0.value)) })
            var confusion: [String: [String: Int]] = [:]
            for gold in LabelSet.allCases {
                for predicted in LabelSet.allCases {
                    confusion[gold.rawValue, default: [:]][predicted.rawValue] =
                        scores.confusion[gold: gold, predicted: predicted]
                }
            }
            self.confusion = confusion
        }
    }

    private struct Figures: Encodable {
        var precision: Double
        var recall: Double
        var f1: Double
        var gold: Int
        var predicted: Int
        var correct: Int

        init(_ counts: Counts) {
            precision = counts.precision
            recall = counts.recall
            f1 = counts.f1
            gold = counts.gold
            predicted = counts.predicted
            correct = counts.truePositives
        }
    }
}
