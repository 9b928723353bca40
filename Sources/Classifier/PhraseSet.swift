/// A set of phrases, each tagged with what it stands for, scanned over an item in one pass.
///
/// The classifier keeps three: event phrases (tag: pattern), veto phrases (tag: pattern) and
/// modality cues (tag: rule and whether it is an `unless` cue). A phrase written under several
/// rules (`@sport` vetoes many patterns) is matched once and reports every tag it carries.
struct PhraseSet<Tag: Sendable>: Sendable {
    struct Hit: Sendable {
        var tag: Tag
        var range: Range<Int>
        var sentence: Int
    }

    /// Each phrase's op range in `program`.
    private(set) var phrases: [Range<Int32>] = []
    /// Each phrase's tags, in the order they were added.
    private(set) var tags: [[Tag]] = []
    private var ids: [[PatternElement]: Int] = [:]
    private var index = PhraseIndex()
    private var gates = PhraseGates()
    private var program = MatchProgram()

    var isEmpty: Bool { phrases.isEmpty }

    /// Adds a phrase, numbering its words in `vocabulary` and compiling it (with the classes it uses).
    mutating func add(_ phrase: PhrasePattern, tag: Tag, classes: [WordClass], vocabulary: inout Vocabulary) {
        let elements = vocabulary.resolve(phrase.elements)
        if let id = ids[elements] {
            tags[id].append(tag)
            return
        }
        let id = phrases.count
        ids[elements] = id
        index.add(elements, id: id, classes: classes)
        gates.add(elements, id: id, classes: classes)
        phrases.append(program.add(elements, classes: classes))
        tags.append([tag])
    }

    /// Every phrase match in the text: at most one per phrase and start token, never across sentences.
    func scan(_ text: TokenizedText, matcher: PhraseMatcher) -> [Hit] {
        guard !phrases.isEmpty else { return [] }
        var hits: [Hit] = []
        var candidates: [Int] = []
        var marks = [Int32](repeating: -1, count: phrases.count)
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            let stamp = Int32(sentenceIndex)
            gates.open(sentence, tokens: text.tokens, stemPool: text.stemPool, stamp: stamp, marks: &marks)
            for i in sentence {
                index.candidates(
                    for: text.tokens[i], stemPool: text.stemPool, actorHere: matcher.actorEnds[i] > i,
                    into: &candidates)
                for j in candidates.indices {
                    let id = candidates[j]
                    guard gates.isOpen(id, stamp: stamp, marks: marks) else { continue }
                    // A phrase filed under two keys comes twice; the list is short, so look back.
                    if j > 0, candidates[0..<j].contains(id) { continue }
                    if let end = matcher.match(program, phrases[id], at: i, limit: sentence.upperBound), end > i {
                        for tag in tags[id] { hits.append(Hit(tag: tag, range: i..<end, sentence: sentenceIndex)) }
                    }
                }
            }
        }
        return hits
    }
}
