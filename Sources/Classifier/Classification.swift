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
    /// The events behind the labels, in text order, each with actor, target, severity,
    /// confidence and its evidence (one per rule and wording; repeats of a phrase are merged).
    public var events: [DetectedEvent]
    /// Matches dropped by a modality rule (negation, denial, background, anniversary); `rule` names that rule.
    public var suppressed: [Evidence]
    /// Why the item was not classified, e.g. "empty text" or "not English".
    public var note: String?

    public init(
        labels: [Label] = [], types: [EventType] = [], severity: Int? = nil, confidence: [String: Double] = [:],
        actors: [String] = [], focus: Bool = false, evidence: [Evidence] = [], suppressed: [Evidence] = [],
        note: String? = nil, events: [DetectedEvent] = []
    ) {
        self.events = events
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

    /// The evidence of one label: the words behind each of its types.
    public func evidence(for label: Label) -> [Evidence] {
        evidence.filter { $0.type.label == label }
    }
}

extension Classification {
    enum CodingKeys: String, CodingKey {
        case labels, types, severity, confidence, actors, focus, evidence, events, suppressed, note
    }

    /// Set to `true` in a decoder's `userInfo` to read only what a digest shows (labels, types,
    /// severity, actors, focus, evidence) and leave the detected events, confidences,
    /// suppressed matches and note empty: a digest reads tens of thousands of records, and
    /// those parts are most of the decoding time and memory.
    public static let digestViewKey = CodingUserInfoKey(rawValue: "brinkwatch.classification.digest-view")!

    /// Decodes stored classifications too, including those written before `events` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if decoder.userInfo[Self.digestViewKey] as? Bool == true {
            self.init(
                labels: try c.decode([Label].self, forKey: .labels),
                types: try c.decode([EventType].self, forKey: .types),
                severity: try c.decodeIfPresent(Int.self, forKey: .severity),
                confidence: [:],
                actors: try c.decode([String].self, forKey: .actors),
                focus: try c.decode(Bool.self, forKey: .focus),
                evidence: try c.decode([Evidence].self, forKey: .evidence),
                suppressed: [],
                note: nil,
                events: []
            )
            return
        }
        self.init(
            labels: try c.decode([Label].self, forKey: .labels),
            types: try c.decode([EventType].self, forKey: .types),
            severity: try c.decodeIfPresent(Int.self, forKey: .severity),
            confidence: try c.decode([String: Double].self, forKey: .confidence),
            actors: try c.decode([String].self, forKey: .actors),
            focus: try c.decode(Bool.self, forKey: .focus),
            evidence: try c.decode([Evidence].self, forKey: .evidence),
            suppressed: try c.decode([Evidence].self, forKey: .suppressed),
            note: try c.decodeIfPresent(String.self, forKey: .note),
            events: try c.decodeIfPresent([DetectedEvent].self, forKey: .events) ?? []
        )
    }
}
