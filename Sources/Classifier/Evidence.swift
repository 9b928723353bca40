/// One reason behind a classification: which data-file rule matched which words.
///
/// The same shape records suppressed matches; there `rule` names the modality rule
/// that dropped the match and `text` the words of the dropped event.
public struct Evidence: Sendable, Codable, Hashable {
    /// The event type the words point to.
    public var type: EventType
    /// The id of the pattern (or, for suppressed matches, of the modality rule) in the data files.
    public var rule: String
    /// The matched words as they appear in the title or summary.
    public var text: String

    public init(type: EventType, rule: String, text: String) {
        self.type = type
        self.rule = rule
        self.text = text
    }
}
