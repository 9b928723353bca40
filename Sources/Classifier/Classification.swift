/// The classifier's verdict on one feed item, with everything needed to explain it.
public struct Classification: Sendable, Codable, Equatable {
    /// The labels the item carries, sorted (provocation first) and unique; empty means "other".
    public var labels: [Label]
    /// Event types behind the labels, sorted by label then declaration order, unique.
    public var types: [EventType]
    /// 1...5 for items labelled provocation (5 nuclear test or ICBM, 4 IRBM/SLBM, 3 SRBM, cruise
    /// missile or satellite launch, 2 artillery, drills, incursions, 1 rhetoric); nil otherwise.
    public var severity: Int?
    /// Label raw value -> score in 0...1; only labels with any evidence appear.
    public var confidence: [String: Double]
    /// Actor codes (ISO 3166 alpha-2 or organisation codes such as UN, EU, NATO) in order of first mention.
    public var actors: [String]
    /// True when one of the actors is in the classifier's focus list.
    public var focus: Bool
    /// Why each type was chosen.
    public var evidence: [Evidence]
    /// Matches dropped by a modality rule (negation, denial, background, anniversary); `rule` names that rule.
    public var suppressed: [Evidence]
    /// Why the item was not classified, e.g. "empty text" or "not English".
    public var note: String?

    public init(
        labels: [Label] = [], types: [EventType] = [], severity: Int? = nil, confidence: [String: Double] = [:],
        actors: [String] = [], focus: Bool = false, evidence: [Evidence] = [], suppressed: [Evidence] = [],
        note: String? = nil
    ) {
        self.labels = labels
        self.types = types
        self.severity = severity
        self.confidence = confidence
        self.actors = actors
        self.focus = focus
        self.evidence = evidence
        self.suppressed = suppressed
        self.note = note
    }
}
