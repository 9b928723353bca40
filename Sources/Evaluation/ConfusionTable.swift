/// How the gold label sets (rows) were predicted (columns), over the four sets of `LabelSet`.
///
/// The diagonal holds the exact matches; the off-diagonal cells show which way the classifier
/// errs, for example real "other" items flagged as diplomatic.
public struct ConfusionTable: Sendable, Equatable {
    private var cells = [Int](repeating: 0, count: 16)

    public init() {}

    /// The number of items whose gold set is `gold` and whose predicted set is `predicted`.
    public subscript(gold gold: LabelSet, predicted predicted: LabelSet) -> Int {
        get { cells[gold.index * 4 + predicted.index] }
        set { cells[gold.index * 4 + predicted.index] = newValue }
    }

    /// Counts one item.
    public mutating func record(gold: LabelSet, predicted: LabelSet) {
        self[gold: gold, predicted: predicted] += 1
    }

    /// All items counted.
    public var total: Int { cells.reduce(0, +) }

    /// The items whose predicted set equals the gold set.
    public var diagonal: Int { LabelSet.allCases.reduce(0) { $0 + self[gold: $1, predicted: $1] } }

    /// Rows in `LabelSet.allCases` order, each with the counts per predicted set in the same order.
    public var rows: [[Int]] {
        LabelSet.allCases.map { gold in LabelSet.allCases.map { self[gold: gold, predicted: $0] } }
    }
}
