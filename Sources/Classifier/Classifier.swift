/// Labels a feed item as provocation, diplomatic, both or neither, and says why.
///
/// The pipeline, all driven by `Knowledge` (the data files):
/// 1. cap the text (title and the first `summary_characters` of the summary) and tokenise once;
/// 2. refuse empty text; note non-English text (only phrases in its language can match it);
/// 3. find actor names (gazetteer);
/// 4. scan event phrases, veto phrases and modality cues in one pass through a first-token index;
/// 5. drop events without the actors their pattern needs (acts between states need states);
/// 6. apply modality rules in file order: suppress (negation, denial, background), retype
///    (threats, preparations, threatened sanctions), hedge (lower the score);
/// 7. score each label and keep those reaching the threshold (see `Classifier+Scoring.swift`).
///
/// A rule-based first layer on purpose: every decision is traceable to a data-file rule in
/// `evidence`/`suppressed`, and a trained model can later be stacked on the same tokens and hits.
public struct Classifier: Sendable {
    let knowledge: Knowledge
    let focus: Set<String>

    /// - Parameters:
    ///   - knowledge: compiled data files.
    ///   - focus: actor codes the digest cares most about; only this default and the data name a region.
    public init(knowledge: Knowledge, focus: [String] = ["KP"]) {
        self.knowledge = knowledge
        self.focus = Set(focus)
    }

    /// An event phrase that survived so far, with its current type and score.
    struct Candidate {
        var pattern: Int
        var type: EventType
        var range: Range<Int>
        var sentence: Int
        var score: Double
    }

    /// Classifies one item. Never fails: odd input yields an empty result with a `note`.
    public func classify(title: String, summary: String) -> Classification {
        let settings = knowledge.settings
        var text = Tokenizer.tokenize(
            title: Self.cap(title, settings.titleCharacters),
            summary: Self.cap(summary, settings.summaryCharacters)
        )
        guard !text.tokens.isEmpty else { return Classification(note: "empty text") }
        knowledge.vocabulary.annotate(&text)

        let mentions = knowledge.gazetteer.mentions(in: text)
        var actors: [String] = []
        var actorEnds = [Int](repeating: -1, count: text.tokens.count)
        for mention in mentions {
            actorEnds[mention.range.lowerBound] = mention.range.upperBound
            for code in mention.codes where !actors.contains(code) { actors.append(code) }
        }
        let isFocus = actors.contains { focus.contains($0) }
        // Other languages go through the same machinery: only the phrases the data files write in
        // that language can match, and the note tells readers the English rules did not apply.
        let note: String? = isEnglish(text) ? nil : "not English"

        let matcher = PhraseMatcher(
            tokens: text.tokens, stemPool: text.stemPool, classes: knowledge.classes, actorEnds: actorEnds)
        // Words of an actor's name are the actor: "union" in "European Union" is not a trade union,
        // "league" in "Arab League" not sport, so they veto nothing.
        let hits = knowledge.phrases.scan(text, matcher: matcher).filter { hit in
            switch hit.tag {
            case .veto, .cue(_, isUnless: true):
                !mentions.contains { $0.range.clamped(to: hit.range) == hit.range }
            case .event, .cue:
                true
            }
        }
        let candidates = eventCandidates(text, hits: hits, actorCount: actors.count)
        let context = ModalityContext(text: text, hits: hits, knowledge: knowledge)
        var kept: [Candidate] = []
        var suppressed: [Evidence] = []
        for candidate in candidates {
            switch context.apply(to: candidate) {
            case .kept(let changed): kept.append(changed)
            case .suppressed(let rule):
                let evidence = Evidence(type: candidate.type, rule: rule, text: text.surface(candidate.range))
                if !suppressed.contains(evidence) { suppressed.append(evidence) }
            }
        }
        var result = score(kept, text: text, matcher: matcher, mentions: mentions)
        result.actors = actors
        result.focus = isFocus
        result.suppressed = suppressed
        result.note = note
        return result
    }

    /// Event phrase hits that pass their pattern's veto and actor requirements, in text order.
    private func eventCandidates(
        _ text: TokenizedText, hits: [PhraseSet<Knowledge.PhraseRole>.Hit], actorCount: Int
    ) -> [Candidate] {
        var vetoed: [Int] = []  // pattern * sentences + sentence; rarely more than a few
        let sentences = text.sentences.count
        for hit in hits {
            if case .veto(let pattern) = hit.tag { vetoed.append(pattern * sentences + hit.sentence) }
        }
        let leadSentence = text.sentences.firstIndex { !text.tokens[$0.lowerBound].inTitle }
        var result: [Candidate] = []
        for hit in hits {
            guard case .event(let index) = hit.tag else { continue }
            let pattern = knowledge.patterns[index]
            if !vetoed.isEmpty, vetoed.contains(index * sentences + hit.sentence) { continue }
            if !pattern.impliesState && actorCount < pattern.minActors { continue }
            let position: Double
            if text.tokens[hit.range.lowerBound].inTitle {
                position = knowledge.settings.titleWeight
            } else if hit.sentence == leadSentence {
                position = knowledge.settings.leadWeight
            } else {
                position = knowledge.settings.bodyWeight
            }
            result.append(Candidate(
                pattern: index, type: pattern.type, range: hit.range, sentence: hit.sentence,
                score: pattern.strength * position
            ))
        }
        return result
    }

    /// Whether the text reads as English: not mostly another script, and not dominated by
    /// function words of other languages (the lists live in `[settings]`).
    func isEnglish(_ text: TokenizedText) -> Bool {
        let settings = knowledge.settings
        if text.letters > 0, Double(text.nonASCIILetters) / Double(text.letters) > settings.maxNonASCIIShare {
            return false
        }
        var english = 0
        var foreign = 0
        for token in text.tokens where token.word >= 0 {
            if knowledge.englishWords.contains(token.word) { english += 1 }
            if knowledge.foreignWords.contains(token.word) { foreign += 1 }
        }
        return !(foreign >= 3 && foreign > english)
    }

    /// The first `limit` scalars of `text`, cut back to a space when that costs under 40 scalars.
    static func cap(_ text: String, _ limit: Int) -> String {
        // No scalar is shorter than a byte: a text of at most `limit` bytes is within the cap.
        if text.utf8.count <= limit { return text }
        let scalars = text.unicodeScalars
        var end = scalars.startIndex
        var count = 0
        while end != scalars.endIndex, count < limit {
            scalars.formIndex(after: &end)
            count += 1
        }
        if end == scalars.endIndex { return text }
        var cut = end
        var back = 0
        while cut > scalars.startIndex, back < 40, !scalars[cut].properties.isWhitespace {
            scalars.formIndex(before: &cut)
            back += 1
        }
        return String(scalars[..<(back < 40 ? cut : end)])
    }
}
