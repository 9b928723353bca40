/// One event behind a label: what happened, who did it to whom, how grave and how sure.
///
/// `Classification.types` and `evidence` summarise the item; `events` keeps them apart, so
/// that a digest can say "KP launched (severity 5) towards JP" and quote the words that said so.
public struct DetectedEvent: Sendable, Codable, Equatable {
    /// What happened; `label` follows from it.
    public var type: EventType
    /// Code of who acted (ISO 3166 alpha-2 or an organisation code), when the item names one.
    public var actor: String?
    /// Code of whom the act was aimed at or addressed to, when the item names one.
    public var target: String?
    /// 1...5 for provocations (see `Classification.severity`); nil for diplomatic events.
    public var severity: Int?
    /// This event's own score in 0...1 (pattern strength x position weight x hedges).
    public var confidence: Double
    /// The rule and the words that found the event.
    public var evidence: Evidence

    /// The side of the labelling rule the event counts towards.
    public var label: Label { type.label }

    public init(
        type: EventType, actor: String? = nil, target: String? = nil, severity: Int? = nil,
        confidence: Double, evidence: Evidence
    ) {
        self.type = type
        self.actor = actor
        self.target = target
        self.severity = severity
        self.confidence = confidence
        self.evidence = evidence
    }
}
