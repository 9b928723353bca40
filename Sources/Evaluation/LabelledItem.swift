import Classifier

/// One hand-labelled feed item from a label file (the JSON Lines format of the labelling rule).
///
/// Gold labels and types are kept as sets: the metrics compare sets, and the file's order
/// carries no meaning.
public struct LabelledItem: Sendable, Equatable {
    /// The item's id, unique within its file; integer ids are kept in their decimal spelling.
    public var id: String
    public var title: String
    public var summary: String
    /// The gold labels; empty means "other".
    public var labels: Set<Label>
    /// The gold event types; each belongs to one of `labels`, and each label has at least one.
    public var types: Set<EventType>
    /// True where careful readers may disagree; the report scores these items apart.
    public var hard: Bool
    /// The labeller's reason, shown next to a misclassified item.
    public var note: String?
    /// The 1-based line of the file the item came from, so a report can point back to it.
    public var line: Int

    public init(
        id: String, title: String, summary: String = "", labels: Set<Label> = [], types: Set<EventType> = [],
        hard: Bool = false, note: String? = nil, line: Int = 0
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.labels = labels
        self.types = types
        self.hard = hard
        self.note = note
        self.line = line
    }
}
