/// A set of phrases, each tagged with what it stands for, scanned over an item in one pass.
///
/// The classifier keeps one, holding event phrases, veto phrases and modality cues, each tagged
/// with its role (`Knowledge.PhraseRole`). A phrase written under several rules (`@sport` vetoes
/// many patterns) is matched once and reports every tag it carries.
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

    /// Whether phrase `id` is tried only in sentences holding its anchors (see `PhraseGates`).
    func isGated(_ id: Int) -> Bool { gates.isGated(id) }

    /// The phrases a scan would try in sentence `sentence` of `text` (for tests and diagnostics).
    func openPhrases(in text: TokenizedText, sentence: Int) -> [Int] {
        var marks = PhraseGates.Marks(phrases: phrases.count)
        gates.open(text.sentences[sentence], tokens: text.tokens, stemPool: text.stemPool, marks: &marks)
        return phrases.indices.filter { gates.isOpen($0, marks: marks) }
    }

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
        gates.add(elements, id: id, classes: classes, vocabulary: vocabulary)
        phrases.append(program.add(elements, classes: classes))
        tags.append([tag])
    }

    /// Every phrase match in the text: at most one per phrase and start token, never across sentences.
    func scan(_ text: TokenizedText, matcher: PhraseMatcher) -> [Hit] {
        guard !phrases.isEmpty else { return [] }
        return matcher.withWalker(program) { scan(text, walker: $0) }
    }

    private func scan(_ text: TokenizedText, walker: PhraseMatcher.Walker) -> [Hit] {
        var hits: [Hit] = []
        var marks = PhraseGates.Marks(phrases: phrases.count)
        // The token each phrase was last tried at: a phrase filed under two keys comes twice.
        var tried = [Int32](repeating: -1, count: phrases.count)
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            gates.open(sentence, tokens: text.tokens, stemPool: text.stemPool, marks: &marks)
            for i in sentence {
                index.forEachCandidate(
                    for: text.tokens[i], stemPool: text.stemPool, actorHere: walker.actorEnds[i] > i
                ) { id in
                    guard gates.isOpen(id, marks: marks), tried[id] != Int32(i) else { return }
                    tried[id] = Int32(i)
                    if let end = walker.match(phrases[id], at: i, limit: sentence.upperBound), end > i {
                        for tag in tags[id] { hits.append(Hit(tag: tag, range: i..<end, sentence: sentenceIndex)) }
                    }
                }
            }
        }
        return hits
    }
}
