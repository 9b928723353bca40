import Classifier

/// One labelled item next to the classifier's verdict on it.
public struct Outcome: Sendable {
    public var item: LabelledItem
    /// The full verdict, kept for its evidence and suppressed matches.
    public var predicted: Classification

    public init(item: LabelledItem, predicted: Classification) {
        self.item = item
        self.predicted = predicted
    }

    public var predictedLabels: Set<Label> { Set(predicted.labels) }
    public var predictedTypes: Set<EventType> { Set(predicted.types) }

    /// True when the predicted label set equals the gold one (what exact-set accuracy counts).
    public var labelsMatch: Bool { predictedLabels == item.labels }
    /// True when the predicted event types equal the gold ones.
    public var typesMatch: Bool { predictedTypes == item.types }
}
