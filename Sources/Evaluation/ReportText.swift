import Classifier
import Foundation

/// Renders an evaluation report as text for a person at a terminal.
public enum ReportText {
    /// The whole report: both scopes, then at most `errorLimit` misclassified items with their evidence.
    public static func render(_ report: EvaluationReport, errorLimit: Int) -> String {
        var out = "Evaluation of \(report.file): \(report.outcomes.count) items, \(report.hardCount) marked hard\n"
        out += scope("All items", report.all)
        out += scope("Items not marked hard", report.notHard)
        out += errors(report, limit: errorLimit)
        return out
    }

    /// One scope's figures: labels, macro-F1, exact-set accuracy, event types and the confusion table.
    public static func scope(_ title: String, _ scores: Scores) -> String {
        var out = "\n== \(title) (\(scores.itemCount)) ==\n"
        out += row("label", "precision", "recall", "F1", "gold", "predicted", "correct")
        for label in Label.allCases {
            out += countsRow(label.rawValue, scores.counts(label))
        }
        out += "macro-F1            \(fixed(scores.macroF1))\n"
        out += "exact-set accuracy  \(fixed(scores.exactSetAccuracy)) (\(scores.exactMatches) of \(scores.itemCount))\n"
        out += "\nevent types\n"
        out += row("type", "precision", "recall", "F1", "gold", "predicted", "correct")
        out += countsRow("micro (all types)", scores.typesMicro)
        for type in scores.typesSeen {
            out += countsRow(type.rawValue, scores.types[type] ?? Counts())
        }
        out += "\nconfusion (rows: gold, columns: predicted)\n"
        out += pad("", 20) + LabelSet.allCases.map { pad($0.rawValue, 12, right: true) }.joined() + "\n"
        for (gold, cells) in zip(LabelSet.allCases, scores.confusion.rows) {
            out += pad(gold.rawValue, 20) + cells.map { pad(String($0), 12, right: true) }.joined() + "\n"
        }
        return out
    }

    private static func errors(_ report: EvaluationReport, limit: Int) -> String {
        let wrong = report.misclassified
        var out = "\n== Misclassified: \(report.labelErrorCount) with another label set, "
        out += "\(report.typeOnlyErrorCount) with the right labels but other types"
        out += wrong.count > limit ? "; showing \(max(limit, 0)) ==\n" : " ==\n"
        for outcome in wrong.prefix(max(limit, 0)) {
            out += "\n" + describe(outcome)
        }
        return out
    }

    /// One misclassified item: gold against predicted, and the matches that explain the verdict.
    public static func describe(_ outcome: Outcome) -> String {
        let item = outcome.item
        var out = "[\(item.id)]\(item.hard ? " (hard)" : "") \(item.title)\n"
        out += "  gold:       \(labelsAndTypes(item.labels, item.types))\n"
        out += "  predicted:  \(labelsAndTypes(outcome.predictedLabels, outcome.predictedTypes))\n"
        for evidence in outcome.predicted.evidence {
            out += "  evidence:   \(evidence.type.rawValue) by \(evidence.rule): \"\(evidence.text)\"\n"
        }
        for evidence in outcome.predicted.suppressed {
            out += "  suppressed: \(evidence.type.rawValue) by \(evidence.rule): \"\(evidence.text)\"\n"
        }
        if let note = outcome.predicted.note { out += "  classifier note: \(note)\n" }
        if let note = item.note, !note.isEmpty { out += "  gold note:  \(note)\n" }
        return out
    }

    /// "provocation, diplomatic (missile_launch, statement)" or "none".
    static func labelsAndTypes(_ labels: Set<Label>, _ types: Set<EventType>) -> String {
        if labels.isEmpty && types.isEmpty { return "none" }
        let names = Label.allCases.filter(labels.contains).map(\.rawValue).joined(separator: ", ")
        let typeNames = EventType.allCases.filter(types.contains).map(\.rawValue).joined(separator: ", ")
        return typeNames.isEmpty ? names : "\(names) (\(typeNames))"
    }

    private static func countsRow(_ name: String, _ counts: Counts) -> String {
        row(
            name, fixed(counts.precision), fixed(counts.recall), fixed(counts.f1), String(counts.gold),
            String(counts.predicted), String(counts.truePositives))
    }

    private static func row(_ name: String, _ columns: String...) -> String {
        pad(name, 20) + columns.map { pad($0, 10, right: true) }.joined() + "\n"
    }

    /// Three decimals, the precision at which the issue states its targets.
    static func fixed(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(width - text.count, 1))
        return right ? fill + text : text + fill
    }
}
