/// Lets a phrase be tried only in sentences that hold a word it cannot match without.
///
/// Why: the first-token index files a phrase under the words it can start with, and some of
/// those are everywhere: a phrase that starts on an actor name or a number ("@actor *5 @say")
/// is a candidate at every actor and number, "(in the past|a week ago)" at every "in" and "a".
/// Each phrase gets an anchor instead: a set of words one of which every match must contain,
/// chosen among its required elements (and, inside groups and classes, among each alternative's
/// required words) to be as rare as `Vocabulary.cost` can tell. When the anchor is rarer than
/// the phrase's first words, the phrase is gated: one pass over a sentence opens the phrases
/// whose anchor words occur in it, and the others are skipped without an attempt. The gate is
/// a necessary condition only: an open phrase is still matched in full, so results never change.
struct PhraseGates: Sendable {
    /// Gated phrase ids by anchor word number and by anchor stem number.
    private var exact: [[Int32]] = []
    private var stems: [[Int32]] = []
    /// Per phrase id: whether it waits for its anchor.
    private var gated: [Bool] = []

    /// Files phrase `id` under the words of its anchor when that beats its first words.
    mutating func add(_ elements: [PatternElement], id: Int, classes: [WordClass], vocabulary: Vocabulary) {
        if gated.count <= id { gated += Array(repeating: false, count: id + 1 - gated.count) }
        let anchors = Anchors(classes: classes, vocabulary: vocabulary)
        guard let anchor = anchors.best(elements) else { return }
        var startsWithActor = false
        let first = PhraseIndex.firstAtoms(elements, classes: classes, actor: &startsWithActor)
        if !startsWithActor, let firstCost = anchors.cost(first), firstCost <= anchor.cost { return }
        gated[id] = true
        for atom in anchor.atoms {
            switch atom {
            case .known(let word, _): Self.file(Int32(id), under: word, in: &exact)
            case .stem(let stem): Self.file(Int32(id), under: stem, in: &stems)
            case .number, .year, .word, .prefix: preconditionFailure("anchors hold numbered words only")
            }
        }
    }

    /// Marks with `stamp` the gated phrases whose anchor occurs in `tokens[sentence]`.
    func open(
        _ sentence: Range<Int>, tokens: [Token], stemPool: [Int32], stamp: Int32, marks: inout [Int32]
    ) {
        for i in sentence {
            let token = tokens[i]
            if token.word >= 0, Int(token.word) < exact.count {
                for id in exact[Int(token.word)] { marks[Int(id)] = stamp }
            }
            for index in token.stems {
                let stem = Int(stemPool[Int(index)])
                if stem < stems.count {
                    for id in stems[stem] { marks[Int(id)] = stamp }
                }
            }
        }
    }

    /// Whether phrase `id` waits for its anchor (for tests and diagnostics).
    func isGated(_ id: Int) -> Bool { id < gated.count && gated[id] }

    /// Whether phrase `id` may match in the sentence last opened with `stamp`.
    @inline(__always)
    func isOpen(_ id: Int, stamp: Int32, marks: [Int32]) -> Bool {
        !gated[id] || marks[id] == stamp
    }

    private static func file(_ id: Int32, under number: Int32, in table: inout [[Int32]]) {
        let slot = Int(number)
        if slot >= table.count { table += Array(repeating: [], count: slot + 1 - table.count) }
        if table[slot].last != id { table[slot].append(id) }
    }
}

/// Chooses anchors: for a phrase, the cheapest of its required elements; for an element,
/// the words one of which starts or fills every match of it.
private struct Anchors {
    let classes: [WordClass]
    let vocabulary: Vocabulary

    typealias Anchor = (atoms: [Atom], cost: Int)

    /// The cheapest anchor among the required elements of a phrase, or nil if none has one.
    func best(_ elements: [PatternElement]) -> Anchor? {
        var best: Anchor?
        for element in elements where !element.optional {
            guard let anchor = anchor(element) else { continue }
            if best == nil || anchor.cost < best!.cost { best = anchor }
        }
        return best
    }

    /// The summed cost of some atoms, or nil if one of them has no cost (a number).
    func cost(_ atoms: [Atom]) -> Int? {
        var total = 0
        for atom in atoms {
            guard let cost = vocabulary.cost(atom) else { return nil }
            total += cost
        }
        return total
    }

    /// Words one of which every match of `element` contains, or nil when it can match without a
    /// known word (an actor name, a number, a gap, an alternative with no required word).
    private func anchor(_ element: PatternElement) -> Anchor? {
        switch element.kind {
        case .atom(let atom):
            return cost([atom]).map { ([atom], $0) }
        case .atoms(let atoms):
            return cost(atoms).map { (atoms, $0) }
        case .wordClass(let index):
            return union(classes[index].phrases)
        case .group(let phrases, let orActor):
            return orActor ? nil : union(phrases)
        case .actor, .gap:
            return nil
        }
    }

    /// Every alternative's own best anchor, together: whichever alternative matches brings one.
    private func union(_ phrases: [[PatternElement]]) -> Anchor? {
        var atoms: [Atom] = []
        var total = 0
        for phrase in phrases {
            guard let anchor = best(phrase) else { return nil }
            atoms += anchor.atoms
            total += anchor.cost
        }
        return atoms.isEmpty ? nil : (atoms, total)
    }
}
