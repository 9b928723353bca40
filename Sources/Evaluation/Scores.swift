import Classifier

/// Every figure of one evaluation scope (all items, or the items not marked hard).
public struct Scores: Sendable, Equatable {
    /// Items in the scope.
    public let itemCount: Int
    /// Counts per label; both labels are always present.
    public let labels: [Label: Counts]
    /// Items whose predicted label set equals the gold set.
    public let exactMatches: Int
    /// Counts per event type, for every type present in the gold or the predicted sets.
    public let types: [EventType: Counts]
    /// Gold label sets (rows) against predicted label sets (columns).
    public let confusion: ConfusionTable

    /// Scores the outcomes: each label and each event type is a separate yes/no decision per item.
    public init(outcomes: some Sequence<Outcome>) {
        var itemCount = 0
        var exactMatches = 0
        var labels = Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0, Counts()) })
        var types: [EventType: Counts] = [:]
        var confusion = ConfusionTable()
        for outcome in outcomes {
            itemCount += 1
            let gold = outcome.item.labels
            let predicted = outcome.predictedLabels
            if gold == predicted { exactMatches += 1 }
            for label in Label.allCases {
                labels[label, default: Counts()].record(
                    gold: gold.contains(label), predicted: predicted.contains(label))
            }
            let goldTypes = outcome.item.types
            let predictedTypes = outcome.predictedTypes
            for type in goldTypes.union(predictedTypes) {
                types[type, default: Counts()].record(
                    gold: goldTypes.contains(type), predicted: predictedTypes.contains(type))
            }
            confusion.record(gold: LabelSet(gold), predicted: LabelSet(predicted))
        }
        self.itemCount = itemCount
        self.exactMatches = exactMatches
        self.labels = labels
        self.types = types
        self.confusion = confusion
    }

    /// The counts of one label.
    public func counts(_ label: Label) -> Counts { labels[label] ?? Counts() }

    /// The unweighted mean of the two labels' F1: the headline figure of the targets.
    public var macroF1: Double {
        Label.allCases.reduce(0) { $0 + counts($1).f1 } / Double(Label.allCases.count)
    }

    /// The share of items whose predicted label set is exactly the gold set ("other" included).
    public var exactSetAccuracy: Double {
        itemCount == 0 ? 0 : Double(exactMatches) / Double(itemCount)
    }

    /// Event types pooled over items and types: every (item, type) pair is one decision.
    public var typesMicro: Counts { types.values.reduce(Counts(), +) }

    /// The event types seen in this scope, in declaration order (provocation types first).
    public var typesSeen: [EventType] { EventType.allCases.filter { types[$0] != nil } }
}
