/// Agreement counts for one yes/no decision (a label, an event type) over a set of items.
///
/// A ratio whose denominator is zero counts as 0 (nothing predicted means no precision to speak
/// of), the usual convention of statistics libraries, so figures stay comparable with theirs.
public struct Counts: Sendable, Equatable, Codable {
    /// Predicted and in the gold set.
    public var truePositives: Int
    /// Predicted but not in the gold set.
    public var falsePositives: Int
    /// In the gold set but not predicted.
    public var falseNegatives: Int

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// How often the decision holds in the gold labels (the support).
    public var gold: Int { truePositives + falseNegatives }
    /// How often the classifier made the decision.
    public var predicted: Int { truePositives + falsePositives }

    public var precision: Double { Self.ratio(truePositives, predicted) }
    public var recall: Double { Self.ratio(truePositives, gold) }
    /// The harmonic mean of precision and recall, computed as 2tp / (2tp + fp + fn).
    public var f1: Double { Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }

    /// Adds one comparison of a gold and a predicted decision.
    public mutating func record(gold: Bool, predicted: Bool) {
        switch (gold, predicted) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (true, false): falseNegatives += 1
        case (false, false): break
        }
    }

    public static func + (lhs: Counts, rhs: Counts) -> Counts {
        Counts(
            truePositives: lhs.truePositives + rhs.truePositives,
            falsePositives: lhs.falsePositives + rhs.falsePositives,
            falseNegatives: lhs.falseNegatives + rhs.falseNegatives)
    }

    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}
