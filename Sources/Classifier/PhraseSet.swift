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

    /// Each phrase's op range in `program`.
    private(set) var phrases: [Range<Int32>] = []
    private(set) var tags: [Tag] = []
    private var index = PhraseIndex()
    private var program = MatchProgram()

    var isEmpty: Bool { phrases.isEmpty }

    /// Adds a phrase, numbering its words in `vocabulary` and compiling it (with the classes it uses).
    mutating func add(_ phrase: PhrasePattern, tag: Tag, classes: [WordClass], vocabulary: inout Vocabulary) {
        let elements = vocabulary.resolve(phrase.elements)
        index.add(elements, id: phrases.count, classes: classes)
        phrases.append(program.add(elements, classes: classes))
        tags.append(tag)
    }

    /// Every phrase match in the text: at most one per phrase and start token, never across sentences.
    func scan(_ text: TokenizedText, matcher: PhraseMatcher) -> [Hit] {
        guard !phrases.isEmpty else { return [] }
        var hits: [Hit] = []
        var candidates: [Int] = []
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            for i in sentence {
                index.candidates(
                    for: text.tokens[i], stemPool: text.stemPool, actorHere: matcher.actorEnds[i] > i,
                    into: &candidates)
                for j in candidates.indices {
                    let id = candidates[j]
                    // A phrase filed under two keys comes twice; the list is short, so look back.
                    if j > 0, candidates[0..<j].contains(id) { continue }
                    if let end = matcher.match(program, phrases[id], at: i, limit: sentence.upperBound), end > i {
                        hits.append(Hit(tag: tags[id], range: i..<end, sentence: sentenceIndex))
                    }
                }
            }
        }
        return hits
    }
}
