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
    /// Calls `body` with a walker of `program` over this text. Make one per scan and reuse it for
    /// every attempt: it reads raw buffers pinned here once, so an attempt copies nothing and
    /// counts no references (in the inner loop of the classifier that was a fifth of the work).
    func withWalker<R>(_ program: MatchProgram, _ body: (Walker) -> R) -> R {
        tokens.withUnsafeBufferPointer { tokens in
            stemPool.withUnsafeBufferPointer { stemPool in
                actorEnds.withUnsafeBufferPointer { actorEnds in
                    program.ops.withUnsafeBufferPointer { ops in
                        program.tests.withUnsafeBufferPointer { tests in
                            program.spans.withUnsafeBufferPointer { spans in
                                program.classSpans.withUnsafeBufferPointer { classSpans in
                                    body(Walker(
                                        tokens: tokens, stemPool: stemPool, actorEnds: actorEnds, classes: classes,
                                        ops: ops, tests: tests, spans: spans, classSpans: classSpans))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The end (exclusive) of a match of the compiled phrase `phrase` of `program` starting
    /// exactly at `start`; the same search as for `PatternElement`s, over plain values.
    func match(_ program: MatchProgram, _ phrase: Range<Int32>, at start: Int, limit: Int) -> Int? {
        withWalker(program) { $0.match(phrase, at: start, limit: limit) }
    }

    /// The matcher's state while walking one program over one text.
    struct Walker {
        let tokens: UnsafeBufferPointer<Token>
        let stemPool: UnsafeBufferPointer<Int32>
        let actorEnds: UnsafeBufferPointer<Int>
        let classes: [WordClass]
        let ops: UnsafeBufferPointer<MatchProgram.Op>
        let tests: UnsafeBufferPointer<MatchProgram.Test>
        let spans: UnsafeBufferPointer<Range<Int32>>
        let classSpans: UnsafeBufferPointer<Range<Int32>>

        /// The end (exclusive) of a match of `phrase` starting exactly at `start`, staying before `limit`.
        func match(_ phrase: Range<Int32>, at start: Int, limit: Int) -> Int? {
            match(Int(phrase.lowerBound), Int(phrase.upperBound), at: start, limit: limit)
        }

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
                    if stemPool[Int(index)] == test.id { return true }
                    index += 1
                }
                return false
            case .number: return token.isNumber
            case .year: return token.isYear
            case .never: return false
            }
        }

        /// False when op `index` is a required single-token test that the token at `position`
        /// fails: a check in place of a recursive call, for gaps and for alternatives, whose
        /// attempts mostly fail on their first token.
        @inline(__always)
        private func mayMatch(_ index: Int, _ end: Int, at position: Int, limit: Int) -> Bool {
            guard index < end else { return true }
            let op = ops[index]
            guard !op.optional, op.code == .atom || op.code == .atoms else { return true }
            guard position < limit else { return false }
            let token = tokens[position]
            var k = Int(op.first)
            let last = op.code == .atom ? k + 1 : k + Int(op.count)
            while k < last {
                if passes(tests[k], token) { return true }
                k += 1
            }
            return false
        }

        private func match(_ index: Int, _ end: Int, at position: Int, limit: Int) -> Int? {
            guard index < end else { return position }
            let op = ops[index]
            let next = index + 1
            switch op.code {
            case .gap:
                var skip = 0
                while skip <= Int(op.first), position + skip <= limit {
                    if mayMatch(next, end, at: position + skip, limit: limit),
                        let found = match(next, end, at: position + skip, limit: limit)
                    {
                        return found
                    }
                    skip += 1
                }
                return nil
            case .atom:
                if position < limit, passes(tests[Int(op.first)], tokens[position]),
                    let found = match(next, end, at: position + 1, limit: limit)
                {
                    return found
                }
            case .atoms:
                if position < limit {
                    let token = tokens[position]
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
                    classes[classIndex].filter.mayStart(tokens[position], stemPool: stemPool)
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
                if mayMatch(Int(span.lowerBound), Int(span.upperBound), at: position, limit: limit),
                    let phraseEnd = match(Int(span.lowerBound), Int(span.upperBound), at: position, limit: limit),
                    phraseEnd > position, let found = match(next, end, at: phraseEnd, limit: limit)
                {
                    return found
                }
                k += 1
            }
            return nil
        }

        private func afterActor(_ next: Int, _ end: Int, at position: Int, limit: Int) -> Int? {
            guard position < limit, actorEnds[position] > position, actorEnds[position] <= limit else { return nil }
            return match(next, end, at: actorEnds[position], limit: limit)
        }
    }
}
