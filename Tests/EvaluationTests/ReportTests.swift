import Classifier
import Evaluation
import Foundation
import Testing

@Suite("Evaluation reports")
struct ReportTests {
    let report = EvaluationReport(file: "hand.jsonl", outcomes: Fixtures.outcomes)

    @Test("misclassified items list wrong label sets first, then right labels with other types")
    func misclassifiedOrder() {
        #expect(report.misclassified.map(\.item.id) == ["b", "c", "d", "e"])
        #expect(report.labelErrorCount == 3)
        #expect(report.typeOnlyErrorCount == 1)
        #expect(report.hardCount == 2)
    }

    @Test("the text report shows both scopes' figures to three decimals and the confusion rows")
    func textFigures() {
        let text = ReportText.render(report, errorLimit: 50)
        #expect(text.hasPrefix("Evaluation of hand.jsonl: 6 items, 2 marked hard\n"))
        #expect(text.contains("== All items (6) =="))
        #expect(text.contains("== Items not marked hard (4) =="))
        #expect(text.contains("macro-F1            0.733\n"))
        #expect(text.contains("exact-set accuracy  0.500 (3 of 6)"))
        let provocation = text.split(separator: "\n").first { $0.hasPrefix("provocation ") }
        #expect(provocation?.split(separator: " ") == ["provocation", "0.667", "1.000", "0.800", "2", "3", "2"])
        let bothRow = text.split(separator: "\n").first { $0.hasPrefix("both ") }
        #expect(bothRow?.split(separator: " ") == ["both", "0", "1", "0", "0"])
    }

    @Test("each misclassified item shows gold, prediction, evidence and suppressed matches")
    func textErrors() {
        let text = ReportText.render(report, errorLimit: 50)
        #expect(text.contains("Misclassified: 3 with another label set, 1 with the right labels but other types =="))
        #expect(text.contains("[b] Item b\n  gold:       diplomatic (statement)\n"
            + "  predicted:  provocation, diplomatic (threat, statement)\n"))
        #expect(text.contains("  evidence:   threat by rule-threat: \"words for threat\"\n"))
        #expect(text.contains("[c] Item c\n  gold:       none\n"))
        #expect(text.contains("  suppressed: missile_launch by background: \"last year's launch\"\n"))
        #expect(text.contains("[d] (hard) Item d"))
    }

    @Test("the error limit caps the listed items and says so")
    func errorLimit() {
        let text = ReportText.render(report, errorLimit: 1)
        #expect(text.contains("other types; showing 1 =="))
        #expect(text.contains("[b] Item b"))
        #expect(!text.contains("[c] Item c"))
        #expect(!ReportText.render(report, errorLimit: 0).contains("[b] Item b"))
    }

    @Test("the JSON report carries both scopes' unrounded figures under snake_case keys")
    func json() throws {
        let data = Data(ReportJSON.render(report).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["items"] as? Int == 6 && root["hard"] as? Int == 2)
        #expect(root["label_errors"] as? [String] == ["b", "c", "d"])
        #expect(root["type_only_errors"] as? [String] == ["e"])
        let scopes = try #require(root["scopes"] as? [String: [String: Any]])
        let all = try #require(scopes["all"])
        #expect(abs((all["macro_f1"] as? Double ?? 0) - (0.8 + 2.0 / 3.0) / 2) < 1e-9)
        #expect(all["exact_set_accuracy"] as? Double == 0.5)
        let labels = try #require(all["labels"] as? [String: [String: Any]])
        #expect(labels["diplomatic"]?["gold"] as? Int == 3)
        let micro = try #require(all["types_micro"] as? [String: Any])
        #expect(micro["correct"] as? Int == 4 && micro["predicted"] as? Int == 6)
        let confusion = try #require(all["confusion"] as? [String: [String: Int]])
        #expect(confusion["both"]?["provocation"] == 1)
        #expect(scopes["not_hard"]?["items"] as? Int == 4)
    }
}
