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
            // Read the class in place: copying the struct out would retain its arrays and sets.
            if position < limit, classes[classIndex].filter.mayStart(tokens[position], stemPool: stemPool) {
                let phrases = classes[classIndex].phrases
                for k in phrases.indices {
                    if let phraseEnd = match(phrases[k], from: 0, at: position, limit: limit), phraseEnd > position,
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

extension PhraseMatcher {
    /// The end (exclusive) of a match of the compiled phrase `phrase` of `program` starting
    /// exactly at `start`; the same search as for `PatternElement`s, over plain values.
    func match(_ program: MatchProgram, _ phrase: Range<Int32>, at start: Int, limit: Int) -> Int? {
        program.ops.withUnsafeBufferPointer { ops in
            program.tests.withUnsafeBufferPointer { tests in
                program.spans.withUnsafeBufferPointer { spans in
                    let walker = Walker(
                        matcher: self, ops: ops, tests: tests, spans: spans, classSpans: program.classSpans)
                    return walker.match(Int(phrase.lowerBound), Int(phrase.upperBound), at: start, limit: limit)
                }
            }
        }
    }

    /// The matcher's state while walking one program: raw buffers, so no reference counting.
    private struct Walker {
        let matcher: PhraseMatcher
        let ops: UnsafeBufferPointer<MatchProgram.Op>
        let tests: UnsafeBufferPointer<MatchProgram.Test>
        let spans: UnsafeBufferPointer<Range<Int32>>
        let classSpans: [Range<Int32>]

        @inline(__always)
        func passes(_ test: MatchProgram.Test, _ token: Token) -> Bool {
            switch test.kind {
            case .word:
                guard token.word == test.id else { return false }
                switch test.letterCase {
                case .any: return true
                case .upper: return token.upper
                case .capital: return token.capitalized
                }
            case .stem:
                var index = token.stems.lowerBound
                while index < token.stems.upperBound {
                    if matcher.stemPool[Int(index)] == test.id { return true }
                    index += 1
                }
                return false
            case .number: return token.isNumber
            case .year: return token.isYear
            case .never: return false
            }
        }

        func match(_ index: Int, _ end: Int, at position: Int, limit: Int) -> Int? {
            guard index < end else { return position }
            let op = ops[index]
            let next = index + 1
            switch op.code {
            case .gap:
                var skip = 0
                while skip <= Int(op.first), position + skip <= limit {
                    if let found = match(next, end, at: position + skip, limit: limit) { return found }
                    skip += 1
                }
                return nil
            case .atom:
                if position < limit, passes(tests[Int(op.first)], matcher.tokens[position]),
                    let found = match(next, end, at: position + 1, limit: limit)
                {
                    return found
                }
            case .atoms:
                if position < limit {
                    let token = matcher.tokens[position]
                    var k = Int(op.first)
                    let last = k + Int(op.count)
                    var any = false
                    while k < last {
                        if passes(tests[k], token) { any = true; break }
                        k += 1
                    }
                    if any, let found = match(next, end, at: position + 1, limit: limit) { return found }
                }
            case .wordClass:
                let classIndex = Int(op.first)
                if position < limit,
                    matcher.classes[classIndex].filter.mayStart(matcher.tokens[position], stemPool: matcher.stemPool)
                {
                    let range = classSpans[classIndex]
                    if let found = alternatives(Int(range.lowerBound), Int(range.upperBound), then: next, end,
                        at: position, limit: limit)
                    {
                        return found
                    }
                }
            case .group, .groupOrActor:
                if op.code == .groupOrActor, let found = afterActor(next, end, at: position, limit: limit) {
                    return found
                }
                let first = Int(op.first)
                if let found = alternatives(first, first + Int(op.count), then: next, end, at: position, limit: limit) {
                    return found
                }
            case .actor:
                if let found = afterActor(next, end, at: position, limit: limit) { return found }
            }
            return op.optional ? match(next, end, at: position, limit: limit) : nil
        }

        /// Tries each phrase of `spans[first ..< last]` at `position`, then the rest of the phrase.
        private func alternatives(
            _ first: Int, _ last: Int, then next: Int, _ end: Int, at position: Int, limit: Int
        ) -> Int? {
            var k = first
            while k < last {
                let span = spans[k]
                if let phraseEnd = match(Int(span.lowerBound), Int(span.upperBound), at: position, limit: limit),
                    phraseEnd > position, let found = match(next, end, at: phraseEnd, limit: limit)
                {
                    return found
                }
                k += 1
            }
            return nil
        }

        private func afterActor(_ next: Int, _ end: Int, at position: Int, limit: Int) -> Int? {
            let actorEnds = matcher.actorEnds
            guard position < limit, actorEnds[position] > position, actorEnds[position] <= limit else { return nil }
            return match(next, end, at: actorEnds[position], limit: limit)
        }
    }
}
