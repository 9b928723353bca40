/// Checks a phrase pattern against the tokens of one sentence.
///
/// Backtracking over elements: gaps try their shortest length first, classes their longest
/// phrase first, optional elements "present" before "absent". Phrases are short (rarely more
/// than six elements) and sentences bounded, so the search stays small. Classes carry a
/// first-word filter, so that the common case (the class cannot start here) costs one lookup.
struct PhraseMatcher {
    let tokens: [Token]
    /// Stem numbers of the tokens (`TokenizedText.stemPool`).
    let stemPool: [Int32]
    let classes: [WordClass]
    /// `actorEnds[i]` is the end (exclusive) of the longest actor name starting at token i, or -1.
    let actorEnds: [Int]

    /// The end (exclusive) of a match of `elements` starting exactly at `start`, staying before `limit`.
    func match(_ elements: [PatternElement], at start: Int, limit: Int) -> Int? {
        match(elements, from: 0, at: start, limit: limit)
    }

    private func match(_ elements: [PatternElement], from index: Int, at position: Int, limit: Int) -> Int? {
        guard index < elements.count else { return position }
        let element = elements[index]
        let next = index + 1
        switch element.kind {
        case .gap(let maximum):
            var skip = 0
            while skip <= maximum, position + skip <= limit {
                if let end = match(elements, from: next, at: position + skip, limit: limit) { return end }
                skip += 1
            }
            return nil
        case .atom(let atom):
            if position < limit, atom.matches(tokens[position], stemPool: stemPool),
                let end = match(elements, from: next, at: position + 1, limit: limit)
            {
                return end
            }
        case .atoms(let atoms):
            if position < limit, any(atoms, at: position),
                let end = match(elements, from: next, at: position + 1, limit: limit)
            {
                return end
            }
        case .wordClass(let classIndex):
            let wordClass = classes[classIndex]
            if position < limit, wordClass.filter.mayStart(tokens[position], stemPool: stemPool) {
                for phrase in wordClass.phrases {
                    if let phraseEnd = match(phrase, from: 0, at: position, limit: limit), phraseEnd > position,
                        let end = match(elements, from: next, at: phraseEnd, limit: limit)
                    {
                        return end
                    }
                }
            }
        case .group(let phrases, let orActor):
            if orActor, let end = afterActor(elements, from: next, at: position, limit: limit) { return end }
            for phrase in phrases {
                if let phraseEnd = match(phrase, from: 0, at: position, limit: limit), phraseEnd > position,
                    let end = match(elements, from: next, at: phraseEnd, limit: limit)
                {
                    return end
                }
            }
        case .actor:
            if let end = afterActor(elements, from: next, at: position, limit: limit) { return end }
        }
        return element.optional ? match(elements, from: next, at: position, limit: limit) : nil
    }

    private func afterActor(_ elements: [PatternElement], from index: Int, at position: Int, limit: Int) -> Int? {
        guard position < limit, actorEnds[position] > position, actorEnds[position] <= limit else { return nil }
        return match(elements, from: index, at: actorEnds[position], limit: limit)
    }

    private func any(_ atoms: [Atom], at position: Int) -> Bool {
        for atom in atoms where atom.matches(tokens[position], stemPool: stemPool) { return true }
        return false
    }

    /// Whether a phrase of the class matches at `position` (used for severity classes).
    func classMatches(_ wordClass: WordClass, at position: Int, limit: Int) -> Bool {
        guard position < limit, wordClass.filter.mayStart(tokens[position], stemPool: stemPool) else { return false }
        return wordClass.phrases.contains { (match($0, from: 0, at: position, limit: limit) ?? position) > position }
    }
}
