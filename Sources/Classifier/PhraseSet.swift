/// A set of phrases, each tagged with what it stands for, scanned over an item in one pass.
///
/// The classifier keeps three: event phrases (tag: pattern), veto phrases (tag: pattern) and
/// modality cues (tag: rule and whether it is an `unless` cue).
struct PhraseSet<Tag: Sendable>: Sendable {
    struct Hit: Sendable {
        var tag: Tag
        var range: Range<Int>
        var sentence: Int
    }

    private(set) var phrases: [[PatternElement]] = []
    private(set) var tags: [Tag] = []
    private var index = PhraseIndex()

    var isEmpty: Bool { phrases.isEmpty }

    /// Adds a phrase, numbering its words in `vocabulary`.
    mutating func add(_ phrase: PhrasePattern, tag: Tag, classes: [WordClass], vocabulary: inout Vocabulary) {
        let elements = vocabulary.resolve(phrase.elements)
        index.add(elements, id: phrases.count, classes: classes)
        phrases.append(elements)
        tags.append(tag)
    }

    /// Every phrase match in the text: at most one per phrase and start token, never across sentences.
    func scan(_ text: TokenizedText, matcher: PhraseMatcher) -> [Hit] {
        guard !phrases.isEmpty else { return [] }
        var hits: [Hit] = []
        var candidates: [Int] = []
        var lastTried = [Int](repeating: -1, count: phrases.count)
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            for i in sentence {
                index.candidates(
                    for: text.tokens[i], stemPool: text.stemPool, actorHere: matcher.actorEnds[i] > i,
                    into: &candidates)
                for id in candidates where lastTried[id] != i {
                    lastTried[id] = i
                    if let end = matcher.match(phrases[id], at: i, limit: sentence.upperBound), end > i {
                        hits.append(Hit(tag: tags[id], range: i..<end, sentence: sentenceIndex))
                    }
                }
            }
        }
        return hits
    }
}
