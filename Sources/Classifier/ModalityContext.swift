/// Applies the modality rules of the data files to the events of one item.
///
/// Cues come from the item's one phrase scan; each event then asks,
/// rule by rule in file order, whether a cue of that rule stands where the rule says (before
/// or after the event within a window, in its clause or sentence) with no `unless` phrase in
/// the event's clause. Clauses end at punctuation and at the `clause_breaks` words ("but").
/// The first `suppress` rule that fires drops the event; `retype` changes its type (later
/// rules see the new type); `hedge` multiplies its score.
struct ModalityContext {
    enum Outcome {
        case kept(Classifier.Candidate)
        case suppressed(rule: String)
    }

    private let rules: [ModalityRule]
    private let patterns: [EventPattern]
    /// The item's cue and `unless` hits of all rules, in text order (an item has a few).
    private var hits: [Hit] = []
    /// Clause number of each token, counting `clause_breaks` words as breaks.
    private var clauseOf: [Int]
    /// The first sentence is the title (false for an item with an empty title).
    private let isTitle: Bool

    /// Where a cue or an `unless` phrase of a rule stands.
    struct Hit {
        var rule: Int
        var isUnless: Bool
        var range: Range<Int>
        var sentence: Int
    }

    /// - Parameter hits: the item's phrase hits (only those of modality rules are read).
    init(text: TokenizedText, hits: [PhraseSet<Knowledge.PhraseRole>.Hit], knowledge: Knowledge) {
        rules = knowledge.rules
        patterns = knowledge.patterns
        isTitle = text.tokens.first?.inTitle ?? false
        for hit in hits {
            guard case .cue(let rule, let isUnless) = hit.tag else { continue }
            self.hits.append(Hit(rule: rule, isUnless: isUnless, range: hit.range, sentence: hit.sentence))
        }
        clauseOf = []
        clauseOf.reserveCapacity(text.tokens.count)
        var clause = 0
        var previous = -1
        for token in text.tokens {
            if token.clause != previous || knowledge.clauseBreaks.contains(token.word) { clause += 1 }
            previous = token.clause
            clauseOf.append(clause)
        }
    }

    func apply(to candidate: Classifier.Candidate) -> Outcome {
        var current = candidate
        // Rules are read in place, by index: copying one out would count references to its fields.
        for index in rules.indices where rules[index].appliesTo.contains(current.type) {
            if !rules[index].tagged.isEmpty && rules[index].tagged.isDisjoint(with: patterns[candidate.pattern].tags) {
                continue
            }
            guard fires(index, on: current) else { continue }
            switch rules[index].effect {
            case .suppress: return .suppressed(rule: rules[index].id)
            case .hedge(let factor): current.score *= factor
            case .retype(let type): current.type = type
            }
        }
        return .kept(current)
    }

    private func fires(_ index: Int, on event: Classifier.Candidate) -> Bool {
        let range = event.range
        let position = rules[index].position
        let window = rules[index].window
        let crossesClauses = rules[index].crossesClauses
        let found = hits.contains { cue in
            guard cue.rule == index, !cue.isUnless else { return false }
            switch position {
            case .item:
                return true
            case .titleStart:
                return isTitle && cue.sentence == 0 && cue.range.lowerBound == 0
            default:
                break
            }
            guard cue.sentence == event.sentence else { return false }
            switch position {
            case .item, .titleStart, .sentence:
                return true
            case .clause:
                return clauseOf[cue.range.lowerBound] == clauseOf[range.lowerBound]
                    || clauseOf[cue.range.lowerBound] == clauseOf[range.upperBound - 1]
            case .before:
                return isBefore(cue.range, range, window, crossesClauses)
            case .after:
                return isBefore(range, cue.range, window, crossesClauses)
            case .around:
                return cue.range.overlaps(range) || isBefore(cue.range, range, window, crossesClauses)
                    || isBefore(range, cue.range, window, crossesClauses)
            }
        }
        guard found else { return false }
        return !hits.contains { hit in
            guard hit.rule == index, hit.isUnless else { return false }
            if position == .item || position == .titleStart { return true }
            guard hit.sentence == event.sentence else { return false }
            if position == .sentence || crossesClauses { return true }
            return clauseOf[hit.range.lowerBound] == clauseOf[range.lowerBound]
        }
    }

    /// `first` ends before `second` starts, within `window` words and (unless allowed) the same clause.
    private func isBefore(_ first: Range<Int>, _ second: Range<Int>, _ window: Int, _ crossesClauses: Bool) -> Bool {
        guard first.upperBound <= second.lowerBound, second.lowerBound - first.upperBound <= window else {
            return false
        }
        return crossesClauses || clauseOf[first.upperBound - 1] == clauseOf[second.lowerBound]
    }
}
