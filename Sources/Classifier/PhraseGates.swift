/// Lets a phrase be tried only in sentences that hold the words it cannot match without.
///
/// Why: the first-token index files a phrase under the words it can start with, and some of
/// those are everywhere: a phrase that starts on an actor name or a number ("@actor *5 @say")
/// is a candidate at every actor and number, "(in the past|a week ago)" at every "in" and "a",
/// "@official *5 @say" at every official in state media. Each required element after the first
/// gives the phrase an anchor: a set of words one of which every match must contain (inside
/// groups and classes, the rarest required word of each alternative, as `Vocabulary.cost` can
/// tell). The first element gives one too when its anchor is rarer than the words it is indexed
/// under. One pass over a sentence records which anchors occur in it, and a phrase is tried only
/// when all of its anchors do. The gate is a necessary condition only: an open phrase is still
/// matched in full, so results never change; it cut the match attempts per item about sixfold.
struct PhraseGates: Sendable {
    /// An anchor's place: the phrase it gates and its bit among the phrase's anchors.
    private struct Slot: Sendable {
        var phrase: Int32
        var bit: UInt64
    }

    /// Anchor slots by word number and by stem number.
    private var exact: [[Slot]] = []
    private var stems: [[Slot]] = []
    /// Per phrase id: the bits of all its anchors (0: not gated).
    private var required: [UInt64] = []

    /// Files phrase `id` under the words of its anchors.
    mutating func add(_ elements: [PatternElement], id: Int, classes: [WordClass], vocabulary: Vocabulary) {
        if required.count <= id { required += Array(repeating: 0, count: id + 1 - required.count) }
        let chooser = Anchors(classes: classes, vocabulary: vocabulary)
        var anchors: [[Atom]] = []
        if let first = elements.first, !first.optional, let anchor = chooser.anchor(first) {
            // The first element is already the index key; its anchor only helps when rarer
            // ("(in the past|a week ago)" waits for "past", "week" or "ago", not "in" or "a").
            var startsWithActor = false
            let keys = PhraseIndex.firstAtoms(elements, classes: classes, actor: &startsWithActor)
            if startsWithActor || (chooser.cost(keys) ?? Int.max) > anchor.cost { anchors.append(anchor.atoms) }
        }
        for element in elements.dropFirst() where !element.optional {
            if let anchor = chooser.anchor(element) { anchors.append(anchor.atoms) }
        }
        for (index, atoms) in anchors.prefix(64).enumerated() {
            let slot = Slot(phrase: Int32(id), bit: 1 << UInt64(index))
            required[id] |= slot.bit
            for atom in atoms {
                switch atom {
                case .known(let word, _): Self.file(slot, under: word, in: &exact)
                case .stem(let stem): Self.file(slot, under: stem, in: &stems)
                case .number, .year, .word, .prefix: preconditionFailure("anchors hold numbered words only")
                }
            }
        }
    }

    /// The state of the gates over one sentence: which anchors of which phrases occur in it.
    struct Marks {
        fileprivate var stamp: [Int32]
        fileprivate var found: [UInt64]
        fileprivate var current: Int32 = -1

        init(phrases: Int) {
            stamp = Array(repeating: -1, count: phrases)
            found = Array(repeating: 0, count: phrases)
        }
    }

    /// Records in `marks` the anchors that occur in `tokens[sentence]`, forgetting earlier sentences.
    func open(_ sentence: Range<Int>, tokens: [Token], stemPool: [Int32], marks: inout Marks) {
        marks.current += 1
        for i in sentence {
            let token = tokens[i]
            if token.word >= 0, Int(token.word) < exact.count {
                for slot in exact[Int(token.word)] { Self.record(slot, in: &marks) }
            }
            for index in token.stems {
                let stem = Int(stemPool[Int(index)])
                if stem < stems.count {
                    for slot in stems[stem] { Self.record(slot, in: &marks) }
                }
            }
        }
    }

    @inline(__always)
    private static func record(_ slot: Slot, in marks: inout Marks) {
        let phrase = Int(slot.phrase)
        if marks.stamp[phrase] != marks.current {
            marks.stamp[phrase] = marks.current
            marks.found[phrase] = 0
        }
        marks.found[phrase] |= slot.bit
    }

    /// Whether phrase `id` waits for anchors (for tests and diagnostics).
    func isGated(_ id: Int) -> Bool { id < required.count && required[id] != 0 }

    /// Whether every anchor of phrase `id` occurs in the sentence last opened in `marks`.
    @inline(__always)
    func isOpen(_ id: Int, marks: Marks) -> Bool {
        let needed = required[id]
        return needed == 0 || (marks.stamp[id] == marks.current && marks.found[id] == needed)
    }

    private static func file(_ slot: Slot, under number: Int32, in table: inout [[Slot]]) {
        let index = Int(number)
        if index >= table.count { table += Array(repeating: [], count: index + 1 - table.count) }
        if !table[index].contains(where: { $0.phrase == slot.phrase && $0.bit == slot.bit }) {
            table[index].append(slot)
        }
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
    func anchor(_ element: PatternElement) -> Anchor? {
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
