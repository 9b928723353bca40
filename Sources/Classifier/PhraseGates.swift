/// Lets a phrase be tried only in sentences that hold a word it cannot match without.
///
/// Why: a phrase that starts on an actor name or a number ("@actor *5 @say", "#num *2 million")
/// is a candidate at every actor and number of an item, and each attempt walks its gaps; yet most
/// sentences naming an actor hold none of the words the rest of the phrase needs. Every phrase
/// with a required element after its first gets an anchor: of those elements whose possible first
/// words are all known, the one with the fewest. One pass over a sentence opens the phrases whose
/// anchor words occur in it, and the others are skipped without an attempt. The gate is a
/// necessary condition only: an open phrase is still matched in full, so results do not change.
struct PhraseGates: Sendable {
    /// Gated phrase ids by anchor word number and by anchor stem number.
    private var exact: [[Int32]] = []
    private var stems: [[Int32]] = []
    /// Per phrase id: whether it waits for its anchor.
    private var gated: [Bool] = []

    /// Files phrase `id` under the words of its anchor, if it has one.
    mutating func add(_ elements: [PatternElement], id: Int, classes: [WordClass]) {
        if gated.count <= id { gated += Array(repeating: false, count: id + 1 - gated.count) }
        var anchor: [Atom]?
        for element in elements.dropFirst() where !element.optional {
            guard let words = Self.anchorWords(element, classes: classes) else { continue }
            if anchor == nil || words.count < anchor!.count { anchor = words }
        }
        guard let anchor else { return }
        gated[id] = true
        for atom in anchor {
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

    /// Whether phrase `id` may match in the sentence last opened with `stamp`.
    @inline(__always)
    func isOpen(_ id: Int, stamp: Int32, marks: [Int32]) -> Bool {
        !gated[id] || marks[id] == stamp
    }

    /// The atoms one of which starts every match of `element`, or nil when it can match without
    /// a known word (an actor name, a number, a gap).
    private static func anchorWords(_ element: PatternElement, classes: [WordClass]) -> [Atom]? {
        var actor = false
        let atoms: [Atom]
        switch element.kind {
        case .atom(let atom): atoms = [atom]
        case .atoms(let alternatives): atoms = alternatives
        case .wordClass, .group: atoms = PhraseIndex.firstAtoms([element], classes: classes, actor: &actor)
        case .actor, .gap: return nil
        }
        let allWords = atoms.allSatisfy {
            switch $0 {
            case .known, .stem: true
            case .number, .year, .word, .prefix: false
            }
        }
        return actor || !allWords || atoms.isEmpty ? nil : atoms
    }

    private static func file(_ id: Int32, under number: Int32, in table: inout [[Int32]]) {
        let slot = Int(number)
        if slot >= table.count { table += Array(repeating: [], count: slot + 1 - table.count) }
        if table[slot].last != id { table[slot].append(id) }
    }
}
