/// A rule from the data files that turns matched words into an event of one type.
struct EventPattern: Sendable {
    /// Unique id, quoted in `Evidence.rule`.
    var id: String
    var type: EventType
    /// Any of these phrases triggers the rule.
    var phrases: [PhrasePattern]
    /// How sure a single match makes the classifier, 0...1 (see `Settings.threshold`).
    var strength: Double
    /// Severity of this kind of event, overriding the per-type default.
    var severity: Int?
    /// The words themselves imply a state actor ("ballistic missile", "Security Council"), so no
    /// gazetteer name is needed elsewhere in the item.
    var impliesState: Bool
    /// Distinct actors (gazetteer codes) the item must name for the rule to count; 2 for acts
    /// between states such as talks or sanctions, so that domestic news stays out.
    var minActors: Int
    /// If any of these phrases occurs in the same sentence, the match is dropped (a veto, e.g.
    /// "labour" for strikes); vetoed matches are not reported.
    var unless: [PhrasePattern]
    /// Free labels for modality rules to select on, e.g. "noun" for nominal forms ("missile launch")
    /// as opposed to clauses ("fired a missile").
    var tags: Set<String>
}

/// How the modality layer changes a matched event.
enum ModalityEffect: Sendable, Equatable {
    /// Drop the match and report it in `Classification.suppressed` (negation, denial, background).
    case suppress
    /// Multiply the match's score by the factor (hedges: "suspected", "reportedly").
    case hedge(Double)
    /// Report the match as another type ("threatens to launch" is a threat, not a launch).
    case retype(EventType)
}

/// Where a cue must stand relative to the matched event words.
enum CuePosition: String, Sendable {
    /// Ends at most `window` words before the event.
    case before
    /// Starts at most `window` words after the event.
    case after
    /// Either side within `window` words, or overlapping.
    case around
    /// Anywhere in the event's clause.
    case clause
    /// Anywhere in the event's sentence.
    case sentence
    /// Anywhere in the item (title or summary).
    case item
    /// At the very start of the title ("Opinion |", "Why ..."), whatever the event's place.
    case titleStart = "title_start"
}

/// A data-driven rule about what the words around an event do to it.
struct ModalityRule: Sendable {
    var id: String
    var effect: ModalityEffect
    /// Types the rule looks at.
    var appliesTo: EventTypeSet
    /// When not empty, only events whose pattern carries one of these tags.
    var tagged: Set<String>
    var position: CuePosition
    var window: Int
    /// Whether `before`/`after`/`around` windows may reach across clause breaks (commas, "but"...).
    var crossesClauses: Bool
}

/// Severity from the data: a level per event type, or a raise when a word class (ICBM, IRBM...)
/// occurs in the sentence of an event of the listed types.
struct SeverityRule: Sendable {
    var level: Int
    var type: EventType?
    var wordClass: Int?
    var types: EventTypeSet
}
