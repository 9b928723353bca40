import Classifier

/// The result of classifying a label file: the scores of both scopes and every outcome.
public struct EvaluationReport: Sendable {
    /// The label file as the user named it.
    public let file: String
    /// Every item with its verdict, in file order.
    public let outcomes: [Outcome]
    /// Scores over all items.
    public let all: Scores
    /// Scores over the items not marked `hard`, where the labels are not in doubt.
    public let notHard: Scores

    /// Scores outcomes that were computed elsewhere.
    public init(file: String, outcomes: [Outcome]) {
        self.file = file
        self.outcomes = outcomes
        self.all = Scores(outcomes: outcomes)
        self.notHard = Scores(outcomes: outcomes.lazy.filter { !$0.item.hard })
    }

    /// Classifies every item with `classify` (typically a `Classifier`'s method) and scores the verdicts.
    public init(file: String, items: [LabelledItem], classify: (_ title: String, _ summary: String) -> Classification) {
        self.init(file: file, outcomes: items.map { Outcome(item: $0, predicted: classify($0.title, $0.summary)) })
    }

    /// Items marked hard.
    public var hardCount: Int { outcomes.count - notHard.itemCount }

    /// The items to show an analyst: wrong label sets first, then right labels with other event
    /// types, each group in file order.
    public var misclassified: [Outcome] {
        outcomes.filter { !$0.labelsMatch } + outcomes.filter { $0.labelsMatch && !$0.typesMatch }
    }

    /// Items whose predicted label set differs from the gold set.
    public var labelErrorCount: Int { outcomes.count - all.exactMatches }

    /// Items with the right label set but other event types.
    public var typeOnlyErrorCount: Int { outcomes.filter { $0.labelsMatch && !$0.typesMatch }.count }
}
