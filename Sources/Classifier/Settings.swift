/// Tunable numbers and word lists of the classifier, read from the `[settings]` table.
struct Settings: Sendable {
    /// Only this many characters of the title and of the summary are read: the scan is bounded
    /// whatever the feed sends (the lead carries the news; a 1 MB summary costs no more than 2 kB).
    var titleCharacters = 400
    var summaryCharacters = 2000
    /// Score multipliers by position: the title states the news, the first summary sentence
    /// explains it, later sentences often carry background.
    var titleWeight = 1.0
    var leadWeight = 0.85
    var bodyWeight = 0.7
    /// Strength of a pattern that does not set its own.
    var defaultStrength = 0.9
    /// A label is given when its combined score reaches this.
    var threshold = 0.5
    /// Words that end a clause for modality scopes ("but", "however"...).
    var clauseBreaks: Set<String> = []
    /// Language check: common function words of English and of other languages seen in feeds.
    var englishWords: Set<String> = []
    var foreignWords: Set<String> = []
    /// Share of non-ASCII letters above which a text is taken as not English (other scripts).
    var maxNonASCIIShare = 0.3
}
