import Classifier

/// The four label sets an item can carry: the rows and columns of the confusion table.
public enum LabelSet: String, Sendable, CaseIterable, Codable {
    case none, provocation, diplomatic, both

    /// The set that `labels` forms; duplicates do not matter.
    public init(_ labels: some Sequence<Label>) {
        let set = Set(labels)
        switch (set.contains(.provocation), set.contains(.diplomatic)) {
        case (false, false): self = .none
        case (true, false): self = .provocation
        case (false, true): self = .diplomatic
        case (true, true): self = .both
        }
    }

    /// Position in the confusion table.
    var index: Int {
        switch self {
        case .none: 0
        case .provocation: 1
        case .diplomatic: 2
        case .both: 3
        }
    }
}
